// Amounts as money in the user's locale, times in the user's locale and time zone, and the meaning of each event
// as plain text (rendered by React as text, never as HTML).
import type { EventFrame } from '../realtime/protocol';

const STABLE = new Set(['USDC', 'USDT', 'DAI', 'USD', 'EUR', 'EURC']);

/** "1,500.00 USDC" (de-DE: "1.500,00 USDC"): two decimals for stable coins, up to 8 for other crypto. */
export function formatMoney(amount: number | string | null | undefined, asset?: string, locale?: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const stable = asset ? STABLE.has(asset.toUpperCase()) : true;
  const nf = new Intl.NumberFormat(locale, {
    minimumFractionDigits: stable ? 2 : 0,
    maximumFractionDigits: stable ? 2 : 8,
  });
  // a decimal string keeps its precision (Intl formats strings exactly)
  const text = nf.format(amount as unknown as number);
  return asset ? `${text} ${asset}` : text;
}

export function formatTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(d);
}

/** A JSON number for the API from what the user typed; anything else is sent as typed, for the API to refuse. */
export function toAmount(text: string): number | string | null {
  const t = text.trim();
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The meaning of an event for toasts and feeds, e.g. "Loan approved: 1,500.00 USDC". */
export function describeEvent(event: string, data: Record<string, unknown>, locale?: string): string {
  const money = (amount: unknown, asset?: unknown) =>
    formatMoney(amount as number, asset ? String(asset) : undefined, locale);
  switch (event) {
    case 'loan:status':
      return data.status === 'approved'
        ? `Loan approved${data.amount !== undefined ? `: ${money(data.amount)}` : ''}`
        : `Loan rejected${data.rejectionReason ? `: ${str(data.rejectionReason)}` : ''}`;
    case 'loan:funded':
      return `Loan funded: ${money(data.amount)}, loan note ${str(data.nftId)}`;
    case 'kyc:status':
      return data.status === 'approved'
        ? 'KYC approved'
        : `KYC rejected${data.rejectionReason ? `: ${str(data.rejectionReason)}` : ''}`;
    case 'loan:new': {
      const collateral = (data.collateral ?? {}) as Record<string, unknown>;
      return `New loan request: ${money(data.amount, data.asset)} against ${money(collateral.amount, collateral.asset)}`
        + `${data.purpose ? ` — ${str(data.purpose)}` : ''}`;
    }
    case 'admin:notification': {
      const label = data.type === 'loan_request' ? 'Loan request'
        : data.type === 'kyc_submission' ? 'KYC submitted' : 'System alert';
      const inner = (data.data ?? {}) as Record<string, unknown>;
      const severity = data.type === 'system_alert' && inner.severity ? ` (${str(inner.severity)})` : '';
      return `${label}${severity}: ${str(data.message)}`;
    }
    case 'marketplace:update':
      switch (data.type) {
        case 'new_listing': return `New listing: note ${str(data.nftId)} for ${money(data.amount)}`;
        case 'ownership_transfer': return `Note sold: ${str(data.nftId)} for ${money(data.amount)}`;
        case 'repayment': return `Repayment of ${money(data.amount)} on loan note ${str(data.nftId)}`;
        case 'listing_withdrawn': return `Listing withdrawn: note ${str(data.nftId)}`;
        default: return `Marketplace update: ${str(data.type)}`;
      }
    default:
      return event;
  }
}

export const describeFrame = (frame: EventFrame, locale?: string) =>
  describeEvent(frame.event, frame.data as unknown as Record<string, unknown>, locale);
