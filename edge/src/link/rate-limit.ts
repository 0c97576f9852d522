export interface RateLimit {
  /** commands allowed in a burst */
  readonly burst: number;
  /** one more command becomes allowed every refillMs */
  readonly refillMs: number;
}

/** Three remote door openings at once, then one a minute: a stolen key cannot empty a station quickly. */
export const DEFAULT_SERVICE_OPEN_LIMIT: RateLimit = { burst: 3, refillMs: 60_000 };

/** A token bucket on monotonic time, so that a wall-clock correction neither refills nor drains it. */
export class TokenBucket {
  private tokens: number;
  private lastMs: number | undefined;

  constructor(private readonly limit: RateLimit) {
    this.tokens = limit.burst;
  }

  /** Takes one token; returns 0 when allowed, else the milliseconds until one is available. */
  take(nowMs: number): number {
    this.refill(nowMs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * this.limit.refillMs);
  }

  private refill(nowMs: number): void {
    if (this.lastMs !== undefined && nowMs > this.lastMs) {
      this.tokens = Math.min(this.limit.burst, this.tokens + (nowMs - this.lastMs) / this.limit.refillMs);
    }
    this.lastMs = Math.max(nowMs, this.lastMs ?? nowMs);
  }
}
