import { BoardClient, BoardTimeoutError, type Capabilities, type DoorEvent } from '@regiobox/firmware-proto';
import type { SerialLineStats } from '@regiobox/hardware-api';
import type { SerialPortStream } from '@serialport/stream';
import type { Logger } from 'pino';
import type { BackoffOptions } from '../../domain/backoff.js';
import type { RandomSource } from '../../domain/random.js';
import type { HealthState } from '../health.js';
import { addLineStats, NO_LINE_TRAFFIC } from '../serial-link/line-stats.js';
import type { SerialBinding } from '../serial-link/serial-binding.js';
import { SerialLink, type SerialSession } from '../serial-link/serial-link.js';

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
  /** retries of a board that is plugged in but silent; default 0.25 s to 1 s */
  readonly retry?: Partial<BackoffOptions>;
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

/** One firmware-proto conversation: the client on the open port and what HELLO said. */
class BoardSession implements SerialSession, OnlineBoard {
  readonly detail;
  readonly watchdogMs: number;

  constructor(
    readonly client: BoardClient,
    readonly capabilities: Capabilities,
    path: string,
  ) {
    this.watchdogMs = capabilities.watchdogMs;
    this.detail = {
      detail: `board on ${path}, firmware ${capabilities.firmwareVersion}`,
      firmware: capabilities.firmwareVersion,
      occupancySensors: capabilities.hasOccupancySensors,
    };
  }

  onClose(listener: (cause: Error | undefined) => void): void {
    if (this.client.isClosed) listener(undefined);
    else this.client.once('close', listener);
  }

  lineStats(): SerialLineStats {
    return lineStatsOf(this.client);
  }

  close(): void {
    this.client.removeAllListeners('door');
    this.client.removeAllListeners('doorEventGap');
    this.client.close();
  }
}

/**
 * The regiobox board over firmware-proto on a SerialLink, which owns the reconnecting, the backoff,
 * the heartbeat and the health: greeting = HELLO, RELEASE_ALL and the driver's reconcile.
 */
export class BoardConnection {
  private readonly link: SerialLink<BoardSession>;
  /** what the line carried during greetings that failed (noise can make HELLO fail) */
  private failedGreetings: SerialLineStats = NO_LINE_TRAFFIC;

  constructor(options: BoardConnectionOptions, hooks: BoardConnectionHooks) {
    const { replyTimeoutMs, logger, path } = options;
    this.link = new SerialLink<BoardSession>(
      { ...options, name: 'board' },
      {
        handshake: async (port: SerialPortStream) => {
          const client = new BoardClient(port, { replyTimeoutMs });
          client.on('frameError', (error) =>
            logger.debug({ code: error.code, detail: error.detail }, 'damaged frame from board'),
          );
          try {
            const session = new BoardSession(client, await client.hello(), path);
            await client.releaseAll();
            client.on('door', (event) => hooks.onDoor(event));
            client.on('doorEventGap', () => hooks.onDoorEventGap(session));
            await hooks.onOpen(session);
            return session;
          } catch (err) {
            this.failedGreetings = addLineStats(this.failedGreetings, lineStatsOf(client));
            client.removeAllListeners();
            client.close();
            throw err;
          }
        },
        heartbeat: (session) => (hooks.heartbeat ? hooks.heartbeat(session) : session.client.ping()),
        isTimeout: (err) => err instanceof BoardTimeoutError,
        farewell: (session) => session.client.releaseAll(),
      },
    );
  }

  get health(): HealthState {
    return this.link.health;
  }

  /** The board when it is reachable; null while it is not. */
  get online(): OnlineBoard | null {
    return this.link.session;
  }

  /** Garbage, damaged frames and timeouts since start, over every reconnect. */
  lineStats(): SerialLineStats {
    return addLineStats(this.link.lineStats(), this.failedGreetings);
  }

  start(): Promise<void> {
    return this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  /** A command timed out: as suspicious as a failed heartbeat. */
  reportTimeout(): void {
    this.link.reportTimeout();
  }
}

/** firmware-proto's decoder and client counters, in the driver-neutral shape. */
function lineStatsOf(client: BoardClient): SerialLineStats {
  const stats = client.stats();
  return {
    framesReceived: stats.framesDecoded,
    framesDamaged: stats.framesDropped,
    garbageBytes: stats.bytesDropped,
    crcErrors: stats.errors.BAD_CRC,
    timeouts: stats.timeouts,
  };
}
