export interface BackoffOptions {
  /** first retry waits between minMs and 2 × minMs */
  readonly minMs: number;
  /** no retry waits longer than this */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 1_000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (0-based): the window doubles with every failed attempt and
 * the delay is drawn from its upper half, so that a fleet whose broker comes back does not reconnect
 * in one burst, while no station waits less than `minMs` or more than `maxMs`.
 */
export const backoffDelay = (attempt: number, random: () => number, opts: BackoffOptions): number => {
  const exponent = Math.min(Math.max(0, attempt) + 1, 30);
  const ceiling = Math.min(opts.maxMs, opts.minMs * 2 ** exponent);
  const floor = Math.max(opts.minMs, ceiling / 2);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(floor + r * (ceiling - floor));
};

/** The attempt counter around `backoffDelay`, for a connection that retries on its own timer. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly opts: BackoffOptions,
    private readonly random: () => number,
  ) {}

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const delay = backoffDelay(this.attempt, this.random, this.opts);
    this.attempt = Math.min(this.attempt + 1, 30);
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
