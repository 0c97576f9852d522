import { kerongCu } from '@regiobox/firmware-proto';
import type { InputSnapshot, KerongCuConfig } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SerialBinding } from '../board/serial-binding.js';
import { describeOpenFailure } from '../board/serial-port.js';
import type { BoardProtocol, BoardSession } from '../board-link/board-link.js';
import type { PolledDoors } from '../board-link/polled-doors.js';
import { SerialLine } from '../board-link/serial-session.js';

export type KerongCuHardwareConfig = z.infer<typeof KerongCuConfig>;

/** An open bus: the serial line and the client that speaks to every board on it. */
export class KerongSession implements BoardSession {
  constructor(
    readonly line: SerialLine,
    readonly client: kerongCu.KerongClient,
    private readonly config: KerongCuHardwareConfig,
  ) {}

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

  onLost(listener: (reason: string) => void): void {
    this.line.onLost(listener);
  }

  async close(): Promise<void> {
    this.client.close();
    await this.line.close();
  }
}

/**
 * How the shared board link opens and polls a Kerong bus. There is nothing to release on (re)open:
 * a Kerong board energises a lock only for its own unlock time and has no command that drives
 * outputs off, so "release all" is the board's own doing. The first read of every board is the
 * greeting, and its answer is reconciled with the last known doors before the bus counts as up.
 */
export function kerongProtocol(
  config: KerongCuHardwareConfig,
  doors: () => PolledDoors,
  deps: { readonly binding?: SerialBinding; readonly logger: Logger },
): BoardProtocol<KerongSession> {
  return {
    async open() {
      const line = await SerialLine.open({
        path: config.path,
        baudRate: config.baudRate,
        binding: deps.binding,
      });
      const client = new kerongCu.KerongClient(line.port, { replyTimeoutMs: config.replyTimeoutMs });
      client.on('frameError', (error) =>
        deps.logger.debug(
          { frameError: error.code, bytes: error.bytes.length },
          'damaged frame on the Kerong bus',
        ),
      );
      const session = new KerongSession(line, client, config);
      try {
        await doors().refresh(() => session.readInputs());
      } catch (err) {
        await session.close();
        throw err;
      }
      return session;
    },
    heartbeat: (session) => doors().refresh(() => session.readInputs()),
    heartbeatMs: () => config.pollMs,
    isTimeout: (err) => timeoutOf(err) !== null,
    describeOpenFailure(err) {
      if (timeoutOf(err) !== null)
        return `Kerong board on ${config.path} does not answer (${timeoutOf(err)})`;
      return describeOpenFailure(config.path, err);
    },
    onlineHealth: () => ({
      detail: `Kerong CU bus on ${config.path}, board${config.boards.length > 1 ? 's' : ''} ${config.boards.join(', ')}`,
      occupancySensors: config.infraredSensors,
    }),
  };
}

/** The Kerong timeout inside `err` (PolledDoors wraps read failures), or null. */
function timeoutOf(err: unknown): string | null {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof kerongCu.KerongError && e.code === 'KERONG_TIMEOUT') return e.message;
  }
  return null;
}
