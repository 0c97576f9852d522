import type { ProbeConfig, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { RandomSource } from '../../domain/random.js';
import type { SerialBinding } from '../board/serial-binding.js';
import { BoardLink } from '../board-link/board-link.js';
import { PolledDoors } from '../board-link/polled-doors.js';
import { oneWireThermometers } from '../onewire/from-config.js';
import { KerongLocks } from './kerong-locks.js';
import { type KerongCuHardwareConfig, type KerongSession, kerongProtocol } from './kerong-session.js';

export type { KerongCuHardwareConfig } from './kerong-session.js';

export interface KerongCuDeps {
  readonly logger: Logger;
  /** the simulator's in-process binding in tests; the operating system's serial ports by default */
  readonly binding?: SerialBinding;
  readonly clock?: Pick<Clock, 'now'>;
  readonly random?: RandomSource;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

/**
 * Kerong KR-CU boards on RS485, cascaded by address, with DS18B20 probes on the one-wire bus. The
 * boards push nothing: every board's states are read every `pollMs`, and that read is also the
 * heartbeat of the shared board link.
 */
export function createKerongCuHardware(
  config: KerongCuHardwareConfig,
  probes: readonly ProbeConfig[],
  deps: KerongCuDeps,
): StationHardware {
  const logger = deps.logger.child({ component: 'kerong-cu', path: config.path });
  const link: BoardLink<KerongSession> = new BoardLink(
    {
      logger,
      name: `Kerong CU bus on ${config.path}`,
      random: deps.random,
      backoffInitialMs: deps.backoffInitialMs,
      backoffMaxMs: deps.backoffMaxMs,
    },
    kerongProtocol(config, () => doors, { binding: deps.binding, logger }),
  );
  const doors = new PolledDoors(
    () => {
      const session = link.online;
      return session === null ? null : () => session.readInputs();
    },
    config.boards.length * 16,
    deps.clock ?? systemClock,
    logger,
  );
  return {
    driver: 'kerong-cu',
    locks: new KerongLocks(link, config.boards, logger),
    doors,
    thermometers: oneWireThermometers(config.oneWirePath, probes, logger),
    health: () => link.health.get(),
    onHealthChange: (listener) => link.health.subscribe(listener),
    start: () => link.start(),
    stop: () => link.stop(),
  };
}
