export interface RateLimit {
  /** commands allowed in a burst */
  readonly burst: number;
  /** one more command becomes allowed every refillMs */
  readonly refillMs: number;
}

/** A token bucket on monotonic time, so that a wall-clock correction neither refills nor drains it. */
export class TokenBucket {
  private tokens: number;
  private lastMs: number | undefined;

  constructor(private readonly limit: RateLimit) {
    this.tokens = limit.burst;
  }

  /** Without taking one: 0 when a token is available, else the milliseconds until one is. */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) * this.limit.refillMs);
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
