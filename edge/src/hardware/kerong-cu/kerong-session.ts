import { kerongCu } from '@regiobox/firmware-proto';
import type { InputSnapshot, KerongCuConfig, SerialLineStats } from '@regiobox/hardware-api';
import type { SerialPortStream } from '@serialport/stream';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { PolledDoors } from '../polled-doors.js';
import type { SerialProtocol, SerialSession } from '../serial-link/serial-link.js';

export type KerongCuHardwareConfig = z.infer<typeof KerongCuConfig>;

/** One conversation with the boards on the bus: the client on the open port. */
export class KerongSession implements SerialSession {
  readonly detail;

  constructor(
    readonly client: kerongCu.KerongClient,
    private readonly config: KerongCuHardwareConfig,
  ) {
    const boards = config.boards;
    this.detail = {
      detail: `Kerong CU bus on ${config.path}, board${boards.length > 1 ? 's' : ''} ${boards.join(', ')}`,
      occupancySensors: config.infraredSensors,
    };
  }

  /** Every board's hooks and infrared sensors, in cascade order: door i open ⇔ hook i not latched. */
  async readInputs(): Promise<InputSnapshot> {
    const doors: boolean[] = [];
    const occupancy: (boolean | null)[] = [];
    for (const board of this.config.boards) {
      const status = await this.client.readStatus(board);
      doors.push(...status.hooks.map((latched) => !latched));
      occupancy.push(...status.infrared.map((inside) => (this.config.infraredSensors ? inside : null)));
    }
    return { doors, occupancy };
  }

  onClose(listener: (cause: Error | undefined) => void): void {
    if (this.client.isClosed) listener(undefined);
    else this.client.once('close', () => listener(undefined));
  }

  lineStats(): SerialLineStats {
    const stats = this.client.stats();
    return {
      framesReceived: stats.framesDecoded,
      framesDamaged: stats.framesDropped,
      garbageBytes: stats.bytesDropped,
      crcErrors: stats.badChecksums,
      timeouts: stats.timeouts,
    };
  }

  close(): void {
    this.client.close();
  }
}

/**
 * How the shared serial link greets and polls a Kerong bus. There is nothing to release on (re)open:
 * a Kerong board energises a lock only for its own unlock time and has no command that drives
 * outputs off, so "release all" is the board's own doing. The first read of every board is the
 * greeting, and it is reconciled with the last known doors before the bus counts as up.
 */
export function kerongProtocol(
  config: KerongCuHardwareConfig,
  doors: () => PolledDoors,
  logger: Logger,
): SerialProtocol<KerongSession> {
  return {
    async handshake(port: SerialPortStream) {
      const client = new kerongCu.KerongClient(port, { replyTimeoutMs: config.replyTimeoutMs });
      client.on('frameError', (error) =>
        logger.debug(
          { frameError: error.code, bytes: error.bytes.length },
          'damaged frame on the Kerong bus',
        ),
      );
      const session = new KerongSession(client, config);
      try {
        await doors().refresh(() => session.readInputs());
      } catch (err) {
        client.close();
        throw err;
      }
      return session;
    },
    heartbeat: (session) => doors().refresh(() => session.readInputs()),
    isTimeout: (err) => isKerongTimeout(err),
    farewell: async () => {},
  };
}

/** A Kerong timeout, also inside the HardwareError that PolledDoors wraps a failed read in. */
export function isKerongTimeout(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof kerongCu.KerongError && e.code === 'KERONG_TIMEOUT') return true;
  }
  return false;
}
