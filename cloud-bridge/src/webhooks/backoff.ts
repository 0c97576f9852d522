export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so receivers that
 * came back are not hit by every bridge at the same instant, yet the delay never collapses to zero.
 */
export const backoffMs = (attempt: number, policy: BackoffPolicy, random: () => number): number => {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
};
