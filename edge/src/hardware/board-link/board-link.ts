import type { HardwareHealth } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { Backoff } from '../../domain/backoff.js';
import { cryptoRandom, type RandomSource, unitDraw } from '../../domain/random.js';
import { HealthState } from '../health.js';

/** One open connection to a board: what a protocol's `open()` returns. */
export interface BoardSession {
  /** Closes the device; never throws. */
  close(): Promise<void>;
  /** Calls `listener` once when the line goes away by itself (unplugged adapter, removed PTY). */
  onLost(listener: (reason: string) => void): void;
}

/** What a board protocol tells the shared link: how to open, greet and poll its board. */
export interface BoardProtocol<S extends BoardSession> {
  /**
   * Opens the device and readies the board: greets it, drives every output off and reads (and
   * reconciles) its inputs, before the board counts as reachable. Throws when any of it fails.
   */
  open(): Promise<S>;
  /** The idle poll; a rejection that `isTimeout` accepts counts towards "stopped answering". */
  heartbeat(session: S): Promise<unknown>;
  heartbeatMs(session: S): number;
  isTimeout(err: unknown): boolean;
  /** A sentence for health when `open()` failed, e.g. "serial device … does not exist". */
  describeOpenFailure(err: unknown): string;
  /** Health while the session is up: which board, which firmware, whether occupancy is sensed. */
  onlineHealth(session: S): Omit<HardwareHealth, 'reachable'>;
  /** Best effort on shutdown, e.g. RELEASE_ALL; the board's own timers or watchdog do the rest. */
  beforeClose?(session: S): Promise<void>;
}

export interface BoardLinkOptions {
  readonly logger: Logger;
  /** what the board is called in health and logs, e.g. "Kerong CU bus on /dev/ttyUSB0" */
  readonly name: string;
  /** backoff jitter; the OS's randomness by default */
  readonly random?: RandomSource;
  /** consecutive failed heartbeats before the board counts as gone; default 2 */
  readonly heartbeatFailures?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

/**
 * The link to one board as an explicit state machine — offline → opening → online → (lost) →
 * offline — retrying for ever with backoff, shared by every board driver: the protocol says how to
 * open, greet and poll; the link decides when, and keeps health truthful meanwhile.
 */
export class BoardLink<S extends BoardSession> {
  readonly health: HealthState;
  private session: S | null = null;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private failedHeartbeats = 0;
  private attemptRunning: Promise<void> | null = null;
  private readonly backoff: Backoff;
  private readonly logger: Logger;

  constructor(
    private readonly options: BoardLinkOptions,
    private readonly protocol: BoardProtocol<S>,
  ) {
    this.logger = options.logger;
    this.backoff = new Backoff(
      { minMs: (options.backoffInitialMs ?? 500) / 2, maxMs: options.backoffMaxMs ?? 30_000 },
      unitDraw(options.random ?? cryptoRandom),
    );
    this.health = new HealthState(offline('board driver not started'), options.logger);
  }

  /** The session while the board is reachable; null while it is not. */
  get online(): S | null {
    return this.session;
  }

  /** Makes one attempt and resolves, connected or not; retries continue in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    await this.attemptRunning;
    const session = this.session;
    this.session = null;
    if (session !== null) {
      await this.protocol.beforeClose?.(session).catch((err: unknown) => {
        this.logger.warn({ err }, 'release on shutdown failed; the board releases by itself');
      });
      await session.close();
    }
    this.health.set(offline('board driver stopped'));
  }

  /** A command timed out: as suspicious as a failed heartbeat. */
  reportTimeout(): void {
    const session = this.session;
    if (session !== null) this.heartbeatFailed(session, 'a command timed out');
  }

  private attempt(): Promise<void> {
    this.attemptRunning ??= this.connect().finally(() => {
      this.attemptRunning = null;
    });
    return this.attemptRunning;
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped || this.session !== null) return;
    let session: S;
    try {
      session = await this.protocol.open();
    } catch (err) {
      this.retryLater(this.protocol.describeOpenFailure(err), err);
      return;
    }
    if (this.stopped) {
      await session.close();
      return;
    }
    this.session = session;
    this.failedHeartbeats = 0;
    this.backoff.reset();
    session.onLost((reason) => this.lost(session, reason));
    const health = this.protocol.onlineHealth(session);
    this.health.set({ reachable: true, ...health });
    this.logger.info({ board: health.detail }, 'board online');
    this.scheduleHeartbeat(session);
  }

  private retryLater(reason: string, err: unknown): void {
    const delayMs = this.backoff.next();
    const health = offline(`${reason}; retrying`);
    if (this.health.get().detail !== health.detail) this.logger.warn({ err, retryInMs: delayMs }, reason);
    this.health.set(health);
    if (!this.stopped) this.retryTimer = setTimeout(() => void this.attempt(), delayMs);
  }

  private lost(session: S, reason: string): void {
    if (this.session !== session) return;
    this.session = null;
    this.clearTimers();
    this.logger.warn({ reason }, 'board lost');
    this.health.set(offline(`${reason}; reconnecting`));
    void session.close().then(() => {
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.attempt(), this.backoff.next());
    });
  }

  private scheduleHeartbeat(session: S): void {
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = null;
      this.protocol.heartbeat(session).then(
        () => {
          this.failedHeartbeats = 0;
          if (this.session === session) this.scheduleHeartbeat(session);
        },
        (err: unknown) => {
          if (this.session !== session) return;
          if (this.protocol.isTimeout(err)) this.heartbeatFailed(session, 'heartbeat not answered');
          else this.logger.warn({ err }, 'heartbeat failed');
          if (this.session === session) this.scheduleHeartbeat(session);
        },
      );
    }, this.protocol.heartbeatMs(session));
  }

  private heartbeatFailed(session: S, what: string): void {
    this.failedHeartbeats += 1;
    const limit = this.options.heartbeatFailures ?? 2;
    this.logger.warn({ failures: this.failedHeartbeats, limit }, what);
    if (this.failedHeartbeats >= limit) this.lost(session, `${this.options.name} stopped answering`);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.heartbeatTimer !== null) clearTimeout(this.heartbeatTimer);
    this.retryTimer = null;
    this.heartbeatTimer = null;
  }
}

export function offline(detail: string): HardwareHealth {
  return { reachable: false, detail, occupancySensors: false };
}
