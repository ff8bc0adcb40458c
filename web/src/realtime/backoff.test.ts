import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from './backoff';
import { Positions, RecentIds } from './cursor';

describe('backoff', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    const policy = { baseMs: 1000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeiling(n, policy))).toEqual(
      [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('draws the delay uniformly below the ceiling (full jitter)', () => {
    const policy = { baseMs: 1000, maxMs: 30_000 };
    expect(backoffDelay(3, () => 0, policy)).toBe(0);
    expect(backoffDelay(3, () => 0.25, policy)).toBe(1000);
    expect(backoffDelay(3, () => 0.999999, policy)).toBe(3999);
  });
});

describe('positions', () => {
  it('takes a whole cursor, advances per channel and writes v2 back', () => {
    const p = new Positions();
    expect(p.cursor()).toBeNull();
    expect(p.replace('v2,role:user=0:17,user:alice=1:4711')).toBe(true);
    p.advance('user:alice', '1:4712');
    p.advance('public:marketplace', '2:3');
    expect(p.cursor()).toBe('v2,role:user=0:17,user:alice=1:4712,public:marketplace=2:3');
    expect(p.replace('v2,role:user=0:18')).toBe(true);
    expect(p.cursor()).toBe('v2,role:user=0:18');
  });

  it('refuses a cursor that is not v2 and keeps the positions it had', () => {
    const p = new Positions();
    p.replace('v2,user:a=0:1');
    expect(p.replace('djE6YWJj')).toBe(false);
    expect(p.replace('v2,broken')).toBe(false);
    expect(p.cursor()).toBe('v2,user:a=0:1');
  });

  it('remembers recent ids per channel within its capacity', () => {
    const ids = new RecentIds(2);
    expect(ids.add('user:a', '1')).toBe(true);
    expect(ids.add('user:a', '1')).toBe(false);
    expect(ids.add('role:admin', '1')).toBe(true);
    ids.add('user:a', '2');
    ids.add('user:a', '3');
    expect(ids.add('user:a', '1')).toBe(true); // forgotten beyond the capacity
  });
});
