import type { HardwareHealth, SerialLineStats } from '@regiobox/hardware-api';
import type { SerialPortStream } from '@serialport/stream';
import type { Logger } from 'pino';
import { Backoff, type BackoffOptions, PROBE_INTERVALS, RETRY_POLICIES } from '../../domain/backoff.js';
import { cryptoRandom, type RandomSource, unitDraw } from '../../domain/random.js';
import { HealthState } from '../health.js';
import { DeviceWatch } from './device-watch.js';
import { addLineStats, NO_LINE_TRAFFIC } from './line-stats.js';
import type { SerialBinding } from './serial-binding.js';
import { closeSerialPort, describeOpenFailure, isDeviceMissing, openSerialPort } from './serial-port.js';

/** One conversation with a device on an open port, from its greeting until the port closes. */
export interface SerialSession {
  /** health while online: what the device said about itself */
  readonly detail: Omit<HardwareHealth, 'reachable' | 'line'>;
  /** the device's own watchdog, if it has one: the heartbeat runs at least three times within it */
  readonly watchdogMs?: number;
  /** runs once when the port closes or fails under the session */
  onClose(listener: (cause: Error | undefined) => void): void;
  /** what the line carried in this session */
  lineStats(): SerialLineStats;
  /** detaches from the port and settles what is pending; the link closes the port */
  close(): void;
}

/** What differs from one serial device protocol to the next (regiobox board, Kerong CU, Modbus RTU). */
export interface SerialProtocol<S extends SerialSession> {
  /**
   * Greets the device on a freshly opened port and puts it in a safe state (all outputs off), then
   * reads what the station must know before it counts as reachable. Rejects when the device does
   * not answer; must leave nothing attached to the port then.
   */
  handshake(port: SerialPortStream): Promise<S>;
  /** any request the device answers; rejecting with a timeout counts as a missed heartbeat */
  heartbeat(session: S): Promise<unknown>;
  isTimeout(err: unknown): boolean;
  /** last words before a clean stop, e.g. all outputs off */
  farewell(session: S): Promise<void>;
}

export interface SerialLinkOptions {
  /** what the device is called in health and logs: `board on /dev/…` */
  readonly name: string;
  readonly path: string;
  readonly baudRate: number;
  readonly heartbeatMs: number;
  readonly binding?: SerialBinding;
  readonly logger: Logger;
  /** backoff jitter; the OS's randomness by default */
  readonly random?: RandomSource;
  /** consecutive failed heartbeats before the device counts as gone; default 2 */
  readonly heartbeatFailures?: number;
  /** retries of a device that is there but does not answer; default 0.25 s to 1 s */
  readonly retry?: Partial<BackoffOptions>;
  /** how often a missing device path is checked besides fs.watch; default 250 ms */
  readonly devicePollMs?: number;
}

/**
 * A serial device that is reconnected for ever, as an explicit state machine: offline → opening →
 * online → (lost) → offline. A missing device path is waited for (watch + stat), a device that is
 * there but silent is greeted again after a short backoff (at most 1 s), so the station is back
 * within seconds of the device. Health says which state and why; line stats add up over reconnects.
 */
export class SerialLink<S extends SerialSession> {
  readonly health: HealthState;
  private current: { port: SerialPortStream; session: S } | null = null;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private failedHeartbeats = 0;
  private attemptRunning: Promise<void> | null = null;
  private lineBefore: SerialLineStats = NO_LINE_TRAFFIC;
  private readonly backoff: Backoff;
  private readonly device: DeviceWatch;
  private readonly logger: Logger;

  constructor(
    private readonly options: SerialLinkOptions,
    private readonly protocol: SerialProtocol<S>,
  ) {
    this.logger = options.logger;
    this.backoff = new Backoff(
      { ...RETRY_POLICIES.board, ...options.retry },
      unitDraw(options.random ?? cryptoRandom),
    );
    this.device = new DeviceWatch({
      path: options.path,
      binding: options.binding,
      pollMs: options.devicePollMs ?? PROBE_INTERVALS.devicePathMs,
    });
    this.health = new HealthState(offline(`${options.name} driver not started`), options.logger);
  }

  /** The session while the device is reachable; null while it is not. */
  get session(): S | null {
    return this.current?.session ?? null;
  }

  /** Every counter since start, over every reconnect. */
  lineStats(): SerialLineStats {
    const session = this.current?.session;
    return session ? addLineStats(this.lineBefore, session.lineStats()) : this.lineBefore;
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
    const current = this.current;
    this.current = null;
    if (current !== null) {
      await this.protocol.farewell(current.session).catch((err: unknown) => {
        this.logger.warn({ err }, 'farewell on shutdown failed; the device watchdog will release');
      });
      await this.dispose(current.port, current.session);
    }
    this.health.set(offline(`${this.options.name} driver stopped`));
  }

  /** A request timed out: as suspicious as a failed heartbeat. */
  reportTimeout(): void {
    if (this.current !== null) this.heartbeatFailed(this.current.session, 'a request timed out');
  }

  private attempt(): Promise<void> {
    this.attemptRunning ??= this.connect().finally(() => {
      this.attemptRunning = null;
    });
    return this.attemptRunning;
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped || this.current !== null) return;
    const { path, baudRate, binding } = this.options;
    let port: SerialPortStream;
    try {
      port = await openSerialPort({ path, baudRate, binding });
    } catch (err) {
      if (isDeviceMissing(err)) this.waitForDevice(err);
      else this.retryLater(describeOpenFailure(path, err), err);
      return;
    }
    let session: S;
    try {
      session = await this.protocol.handshake(port);
    } catch (err) {
      await closeSerialPort(port);
      const reason = this.protocol.isTimeout(err) ? 'does not answer' : `failed to start (${messageOf(err)})`;
      this.retryLater(`${this.options.name} on ${path} ${reason}`, err);
      return;
    }
    if (this.stopped) {
      await this.dispose(port, session);
      return;
    }
    this.current = { port, session };
    this.failedHeartbeats = 0;
    this.backoff.reset();
    session.onClose((cause) =>
      this.lost(session, `serial port ${path} closed${cause ? ` (${cause.message})` : ''}`),
    );
    this.health.set({ reachable: true, ...session.detail });
    this.logger.info({ path, detail: session.detail.detail }, `${this.options.name} online`);
    this.scheduleHeartbeat(session);
  }

  /** Nothing to greet: wait for the path to come back, touching nothing meanwhile. */
  private waitForDevice(err: unknown): void {
    const reason = describeOpenFailure(this.options.path, err);
    if (this.health.get().detail !== `${reason}; retrying`) this.logger.warn({ err }, reason);
    this.health.set(offline(`${reason}; retrying`));
    if (!this.stopped) this.device.wait(() => void this.attempt());
  }

  private retryLater(reason: string, err: unknown): void {
    const delayMs = this.backoff.next();
    const health = offline(`${reason}; retrying`);
    if (this.health.get().detail !== health.detail) this.logger.warn({ err, retryInMs: delayMs }, reason);
    this.health.set(health);
    if (!this.stopped) this.retryTimer = setTimeout(() => void this.attempt(), delayMs);
  }

  private lost(session: S, reason: string): void {
    const current = this.current;
    if (current === null || current.session !== session) return;
    this.current = null;
    this.clearTimers();
    this.logger.warn({ reason }, `${this.options.name} lost`);
    this.health.set(offline(`${reason}; reconnecting`));
    void this.dispose(current.port, session).then(() => {
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.attempt(), this.backoff.next());
    });
  }

  /** The heartbeat when idle; the period also respects the device's watchdog (at most a third of it). */
  private scheduleHeartbeat(session: S): void {
    const watchdogThird = Math.floor((session.watchdogMs ?? 0) / 3);
    const periodMs =
      watchdogThird > 0 ? Math.min(this.options.heartbeatMs, watchdogThird) : this.options.heartbeatMs;
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
          if (this.session === session) this.scheduleHeartbeat(session);
        },
      );
    }, periodMs);
  }

  private heartbeatFailed(session: S, what: string): void {
    this.failedHeartbeats += 1;
    const limit = this.options.heartbeatFailures ?? 2;
    this.logger.warn({ failures: this.failedHeartbeats, limit }, what);
    if (this.failedHeartbeats >= limit)
      this.lost(session, `${this.options.name} on ${this.options.path} stopped answering`);
  }

  private async dispose(port: SerialPortStream, session: S): Promise<void> {
    this.lineBefore = addLineStats(this.lineBefore, session.lineStats());
    session.close();
    await closeSerialPort(port);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.heartbeatTimer !== null) clearTimeout(this.heartbeatTimer);
    this.retryTimer = null;
    this.heartbeatTimer = null;
    this.device.cancel();
  }
}

function offline(detail: string): HardwareHealth {
  return { reachable: false, detail, occupancySensors: false };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
