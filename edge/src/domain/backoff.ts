/**
 * The station's one retry policy, shared by the serial board, GPIO and the MQTT link (and by the
 * commercial board drivers to come):
 *
 * - while the other side is away, a cheap probe runs on a short interval (does the device path
 *   exist? does the broker accept a TCP connection?), and the real attempt starts the moment it
 *   answers, so recovery takes seconds, not the tail of a long backoff;
 * - only real attempts that fail (the board is there but does not answer HELLO, the broker accepts
 *   TCP but not the CONNECT) grow the backoff, exponentially with jitter, up to a small cap;
 * - a success resets it.
 */
export interface BackoffOptions {
  /** first retry waits between minMs and 2 × minMs */
  readonly minMs: number;
  /** no retry waits longer than this */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 1_000, maxMs: 60_000 };

/** Retry policies of the station's parts; each part may be given its own in tests. */
export const RETRY_POLICIES = {
  /** open + HELLO of a board that is plugged in but silent: a few bytes, so retried often */
  board: { minMs: 250, maxMs: 1_000 },
  /** GPIO lines or tools missing: only a package install or a reboot fixes that */
  gpio: { minMs: 250, maxMs: 30_000 },
  /** gpsd on the van's own computer: it comes back within seconds when its receiver is replugged */
  gpsd: { minMs: 500, maxMs: 5_000 },
  /** the broker took the TCP connection but the MQTT connection failed or ended before it was up */
  brokerAttempt: { minMs: 500, maxMs: 4_000 },
  /** the broker refused the CONNECT (credentials, client id): a person has to fix it */
  brokerRefused: DEFAULT_BACKOFF,
} as const satisfies Record<string, BackoffOptions>;

/** How often the cheap probes run while the other side is away. */
export const PROBE_INTERVALS = {
  /** a stat() of the serial device path; fs.watch on its directory usually answers first */
  devicePathMs: 250,
  /** a TCP connect to the broker's port, drawn from the upper half so a fleet does not probe in step */
  brokerMs: 1_000,
} as const;

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

/** An interval drawn from its upper half: probes of many stations do not run in lockstep. */
export const jittered = (intervalMs: number, random: () => number): number =>
  Math.round(intervalMs / 2 + (Math.min(Math.max(random(), 0), 1) * intervalMs) / 2);

/** The attempt counter around `backoffDelay`, for a connection that retries on its own timer. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly opts: BackoffOptions,
    private readonly random: () => number,
  ) {}

  /** failed attempts since the last success */
  get attempts(): number {
    return this.attempt;
  }

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
