import { describe, expect, it } from 'vitest';
import { describeEvent, formatMoney, formatTime, toAmount } from './format';

describe('money', () => {
  it('formats stable coins with two decimals and other crypto with up to eight, in the locale', () => {
    expect(formatMoney(1500, 'USDC', 'en-US')).toBe('1,500.00 USDC');
    expect(formatMoney(1500, 'USDC', 'de-DE')).toBe('1.500,00 USDC');
    expect(formatMoney(0.8, 'ETH', 'en-US')).toBe('0.8 ETH');
    expect(formatMoney('12345678901234.12345678', 'WBTC', 'en-US')).toBe('12,345,678,901,234.12345678 WBTC');
    expect(formatMoney(null, 'USDC')).toBe('—');
  });

  it('turns typed amounts into JSON numbers and leaves the rest for the API to refuse', () => {
    expect(toAmount(' 1500.5 ')).toBe(1500.5);
    expect(toAmount('')).toBeNull();
    expect(toAmount('12abc')).toBe('12abc');
  });
});

describe('time', () => {
  it('shows instants in the given locale and time zone', () => {
    expect(formatTime('2026-12-02T13:05:09Z', 'en-GB', 'Europe/Berlin')).toBe('2 Dec 2026, 14:05:09');
    expect(formatTime('2026-12-02T13:05:09Z', 'en-US', 'America/New_York')).toBe('Dec 2, 2026, 8:05:09 AM');
    expect(formatTime(null)).toBe('—');
  });
});

describe('event meanings', () => {
  it('names what happened', () => {
    expect(describeEvent('loan:status', { status: 'approved', amount: 1500 }, 'en-US')).toBe('Loan approved: 1,500.00');
    expect(describeEvent('loan:status', { status: 'rejected', rejectionReason: 'Collateral too low' }))
      .toBe('Loan rejected: Collateral too low');
    expect(describeEvent('kyc:status', { status: 'approved' })).toBe('KYC approved');
    expect(describeEvent('loan:new', { amount: 1500, asset: 'USDC', purpose: 'Bridge', collateral: { asset: 'ETH', amount: 0.8 } }, 'en-US'))
      .toBe('New loan request: 1,500.00 USDC against 0.8 ETH — Bridge');
    expect(describeEvent('admin:notification', { type: 'system_alert', message: 'Hot wallet low', data: { severity: 'critical' } }))
      .toBe('System alert (critical): Hot wallet low');
    expect(describeEvent('marketplace:update', { type: 'ownership_transfer', nftId: 'nft-1', amount: 1450 }, 'en-US'))
      .toBe('Note sold: nft-1 for 1,450.00');
  });
});
