/**
 * Reconnect delays: exponential from `initialMs` to `maxMs`, with full jitter in the upper half so
 * that a fleet of stations coming back after a power cut does not retry in lockstep.
 */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** a number in [0, 1); injected so tests are deterministic */
  readonly random?: () => number;
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const ceiling = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const random = this.options.random ?? Math.random;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
