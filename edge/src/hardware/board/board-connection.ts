import { BoardClient, BoardTimeoutError, type Capabilities, type DoorEvent } from '@regiobox/firmware-proto';
import type { HardwareHealth } from '@regiobox/hardware-api';
import type { SerialPortStream } from '@serialport/stream';
import type { Logger } from 'pino';
import { Backoff } from '../../domain/backoff.js';
import { cryptoRandom, type RandomSource, unitDraw } from '../../domain/random.js';
import { HealthState } from '../health.js';
import type { SerialBinding } from './serial-binding.js';
import { closeSerialPort, describeOpenFailure, openSerialPort } from './serial-port.js';

export interface BoardConnectionOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly replyTimeoutMs: number;
  readonly heartbeatMs: number;
  readonly binding?: SerialBinding;
  readonly logger: Logger;
  /** backoff jitter; the OS's randomness by default */
  readonly random?: RandomSource;
  /** consecutive failed heartbeats (each with the client's retries) before the board counts as gone */
  readonly heartbeatFailures?: number;
  /** the first retry waits between half of this and this; default 500 */
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

export interface OnlineBoard {
  readonly client: BoardClient;
  readonly capabilities: Capabilities;
}

export interface BoardConnectionHooks {
  /**
   * Runs after HELLO and RELEASE_ALL on every (re)open, before the board counts as reachable:
   * read the states and reconcile. Throwing aborts this connection attempt.
   */
  readonly onOpen: (board: OnlineBoard) => Promise<void>;
  readonly onDoor: (event: DoorEvent) => void;
  /** the board's event counter jumped: events were lost, read the states again */
  readonly onDoorEventGap: (board: OnlineBoard) => void;
  /**
   * The idle heartbeat; default PING. Any request that the board answers will do, so the serial
   * board's driver reads the states: a lost DOOR_EVENT leaves no gap in `boardSeq` when it was the
   * last one, and only a fresh read finds that door.
   */
  readonly heartbeat?: (board: OnlineBoard) => Promise<unknown>;
}

interface Link extends OnlineBoard {
  readonly port: SerialPortStream;
}

/**
 * The serial link to the lock board as an explicit state machine: offline → opening → online →
 * (lost) → offline, retrying for ever with backoff. Health says which state and why.
 */
export class BoardConnection {
  readonly health: HealthState;
  private link: Link | null = null;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private failedHeartbeats = 0;
  private attemptRunning: Promise<void> | null = null;
  private readonly backoff: Backoff;
  private readonly logger: Logger;

  constructor(
    private readonly options: BoardConnectionOptions,
    private readonly hooks: BoardConnectionHooks,
  ) {
    this.logger = options.logger;
    this.backoff = new Backoff(
      { minMs: (options.backoffInitialMs ?? 500) / 2, maxMs: options.backoffMaxMs ?? 30_000 },
      unitDraw(options.random ?? cryptoRandom),
    );
    this.health = new HealthState(offline('board driver not started'), options.logger);
  }

  /** The board when it is reachable; null while it is not. */
  get online(): OnlineBoard | null {
    return this.link;
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
    const link = this.link;
    this.link = null;
    if (link !== null) {
      await link.client.releaseAll().catch((err: unknown) => {
        this.logger.warn({ err }, 'release on shutdown failed; the board watchdog will release');
      });
      await this.dispose(link);
    }
    this.health.set(offline('board driver stopped'));
  }

  /** A command timed out: as suspicious as a failed heartbeat. */
  reportTimeout(): void {
    const link = this.link;
    if (link !== null) this.heartbeatFailed(link, 'a command timed out');
  }

  private attempt(): Promise<void> {
    this.attemptRunning ??= this.connect().finally(() => {
      this.attemptRunning = null;
    });
    return this.attemptRunning;
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped || this.link !== null) return;
    const { path, baudRate, binding, replyTimeoutMs } = this.options;
    let port: SerialPortStream;
    try {
      port = await openSerialPort({ path, baudRate, binding });
    } catch (err) {
      this.retryLater(describeOpenFailure(path, err), err);
      return;
    }
    const client = new BoardClient(port, { replyTimeoutMs });
    client.on('frameError', (error) =>
      this.logger.debug({ code: error.code, detail: error.detail }, 'damaged frame from board'),
    );
    let capabilities: Capabilities;
    try {
      capabilities = await client.hello();
      await client.releaseAll();
      const board: OnlineBoard = { client, capabilities };
      client.on('door', (event) => this.hooks.onDoor(event));
      client.on('doorEventGap', () => this.hooks.onDoorEventGap(board));
      await this.hooks.onOpen(board);
    } catch (err) {
      await this.dispose({ port, client });
      const reason =
        err instanceof BoardTimeoutError ? 'does not answer' : `failed to start (${messageOf(err)})`;
      this.retryLater(`board on ${path} ${reason}`, err);
      return;
    }
    if (this.stopped) {
      await this.dispose({ port, client });
      return;
    }
    const link: Link = { port, client, capabilities };
    this.link = link;
    this.failedHeartbeats = 0;
    this.backoff.reset();
    client.once('close', (cause) =>
      this.lost(link, `serial port ${path} closed${cause ? ` (${cause.message})` : ''}`),
    );
    this.health.set({
      reachable: true,
      detail: `board on ${path}, firmware ${capabilities.firmwareVersion}`,
      firmware: capabilities.firmwareVersion,
      occupancySensors: capabilities.hasOccupancySensors,
    });
    this.logger.info({ path, firmware: capabilities.firmwareVersion }, 'board online');
    this.scheduleHeartbeat(link);
  }

  private retryLater(reason: string, err: unknown): void {
    const delayMs = this.backoff.next();
    const health = offline(`${reason}; retrying`);
    if (this.health.get().detail !== health.detail) this.logger.warn({ err, retryInMs: delayMs }, reason);
    this.health.set(health);
    if (!this.stopped) this.retryTimer = setTimeout(() => void this.attempt(), delayMs);
  }

  private lost(link: Link, reason: string): void {
    if (this.link !== link) return;
    this.link = null;
    this.clearTimers();
    this.logger.warn({ reason }, 'board lost');
    this.health.set(offline(`${reason}; reconnecting`));
    void this.dispose(link).then(() => {
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.attempt(), this.backoff.next());
    });
  }

  /** The heartbeat when idle; the period also respects the board's watchdog (at most a third of it). */
  private scheduleHeartbeat(link: Link): void {
    const watchdogThird = Math.floor(link.capabilities.watchdogMs / 3);
    const periodMs =
      watchdogThird > 0 ? Math.min(this.options.heartbeatMs, watchdogThird) : this.options.heartbeatMs;
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = null;
      const beat = this.hooks.heartbeat ? this.hooks.heartbeat(link) : link.client.ping();
      beat.then(
        () => {
          this.failedHeartbeats = 0;
          if (this.link === link) this.scheduleHeartbeat(link);
        },
        (err: unknown) => {
          if (this.link !== link) return;
          if (err instanceof BoardTimeoutError) this.heartbeatFailed(link, 'heartbeat not answered');
          if (this.link === link) this.scheduleHeartbeat(link);
        },
      );
    }, periodMs);
  }

  private heartbeatFailed(link: Link, what: string): void {
    this.failedHeartbeats += 1;
    const limit = this.options.heartbeatFailures ?? 2;
    this.logger.warn({ failures: this.failedHeartbeats, limit }, what);
    if (this.failedHeartbeats >= limit) this.lost(link, `board on ${this.options.path} stopped answering`);
  }

  private async dispose(link: Pick<Link, 'port' | 'client'>): Promise<void> {
    link.client.removeAllListeners('door');
    link.client.removeAllListeners('doorEventGap');
    link.client.close();
    await closeSerialPort(link.port);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.heartbeatTimer !== null) clearTimeout(this.heartbeatTimer);
    this.retryTimer = null;
    this.heartbeatTimer = null;
  }
}

function offline(detail: string): HardwareHealth {
  return { reachable: false, detail, occupancySensors: false };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
