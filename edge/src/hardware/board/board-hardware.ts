import type { ProbeConfig, SerialBoardConfig, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { BackoffOptions } from '../../domain/backoff.js';
import { type Clock, systemClock } from '../../domain/clock.js';
import { cryptoRandom, type RandomSource } from '../../domain/random.js';
import type { SerialBinding } from '../serial-link/serial-binding.js';
import { BoardConnection } from './board-connection.js';
import { BoardDoors } from './board-doors.js';
import { BoardLocks } from './board-locks.js';
import { BoardThermometers } from './board-thermometers.js';

export type SerialBoardHardwareConfig = z.infer<typeof SerialBoardConfig>;

export interface SerialBoardDeps {
  readonly logger: Logger;
  /** the simulator's in-process binding in tests; the operating system's serial ports by default */
  readonly binding?: SerialBinding;
  readonly clock?: Pick<Clock, 'now'>;
  /** backoff jitter and the first unlock command id; the OS's randomness by default */
  readonly random?: RandomSource;
  /** consecutive failed heartbeats before the board counts as unreachable; default 2 */
  readonly heartbeatFailures?: number;
  /** retries of a board that is plugged in but silent; default 0.25 s to 1 s */
  readonly retry?: Partial<BackoffOptions>;
}

/**
 * The lock board on a serial port, speaking firmware-proto. After every (re)open: HELLO,
 * RELEASE_ALL, READ_STATES, and a door change for every door that moved while nobody watched; then
 * READ_STATES as the idle heartbeat, so that a lost DOOR_EVENT is caught up within one period.
 */
export function createSerialBoardHardware(
  config: SerialBoardHardwareConfig,
  probes: readonly ProbeConfig[],
  deps: SerialBoardDeps,
): StationHardware {
  const logger = deps.logger.child({ component: 'board', path: config.path });
  let doors: BoardDoors | null = null;
  const connection = new BoardConnection(
    {
      path: config.path,
      baudRate: config.baudRate,
      replyTimeoutMs: config.replyTimeoutMs,
      heartbeatMs: config.heartbeatMs,
      binding: deps.binding,
      logger,
      random: deps.random,
      heartbeatFailures: deps.heartbeatFailures,
      retry: deps.retry,
    },
    {
      onOpen: async (board) => doors?.refresh(board),
      // READ_STATES as the heartbeat: a door whose last DOOR_EVENT a noisy line ate is found within one period
      heartbeat: async (board) => doors?.refresh(board),
      onDoor: (event) => doors?.applyEvent(event),
      onDoorEventGap: (board) => {
        doors
          ?.refresh(board)
          .catch((err: unknown) => logger.warn({ err }, 'READ_STATES after a door event gap failed'));
      },
    },
  );
  doors = new BoardDoors(() => connection.online, deps.clock ?? systemClock, logger);

  return {
    driver: 'serial-board',
    locks: new BoardLocks(connection, logger, deps.random ?? cryptoRandom),
    doors,
    thermometers: new BoardThermometers(connection, probes),
    health: () => ({ ...connection.health.get(), line: connection.lineStats() }),
    onHealthChange: (listener) => connection.health.subscribe(listener),
    start: () => connection.start(),
    stop: () => connection.stop(),
  };
}
