/**
 * Exponential backoff with full jitter: the delay before reconnect attempt n (1-based) is uniformly random in
 * [0, min(maxMs, baseMs * 2^(n-1))). Full jitter spreads the reconnects of many clients after a gateway restart.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000 };

export function backoffCeiling(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

export function backoffDelay(attempt: number, random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
