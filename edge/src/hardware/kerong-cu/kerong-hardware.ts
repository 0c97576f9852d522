import type { ProbeConfig, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { BackoffOptions } from '../../domain/backoff.js';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { RandomSource } from '../../domain/random.js';
import { oneWireThermometers } from '../onewire/from-config.js';
import { PolledDoors } from '../polled-doors.js';
import type { SerialBinding } from '../serial-link/serial-binding.js';
import { SerialLink } from '../serial-link/serial-link.js';
import { KerongLocks } from './kerong-locks.js';
import { type KerongCuHardwareConfig, type KerongSession, kerongProtocol } from './kerong-session.js';

export type { KerongCuHardwareConfig } from './kerong-session.js';

export interface KerongCuDeps {
  readonly logger: Logger;
  /** the simulator's in-process binding in tests; the operating system's serial ports by default */
  readonly binding?: SerialBinding;
  readonly clock?: Pick<Clock, 'now'>;
  /** backoff jitter; the OS's randomness by default */
  readonly random?: RandomSource;
  /** retries of a bus that is plugged in but silent; the serial link's default otherwise */
  readonly retry?: Partial<BackoffOptions>;
}

/**
 * Kerong KR-CU boards on RS485, cascaded by address, with DS18B20 probes on the one-wire bus. The
 * boards push nothing: every board's states are read every `pollMs`, and that read is also the
 * heartbeat of the shared serial link (reconnect, backoff, health).
 */
export function createKerongCuHardware(
  config: KerongCuHardwareConfig,
  probes: readonly ProbeConfig[],
  deps: KerongCuDeps,
): StationHardware {
  const logger = deps.logger.child({ component: 'kerong-cu', path: config.path });
  const link: SerialLink<KerongSession> = new SerialLink(
    {
      name: 'Kerong CU bus',
      path: config.path,
      baudRate: config.baudRate,
      heartbeatMs: config.pollMs,
      binding: deps.binding,
      logger,
      random: deps.random,
      retry: deps.retry,
    },
    kerongProtocol(config, () => doors, logger),
  );
  const doors = new PolledDoors(
    () => {
      const session = link.session;
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
    health: () => ({ ...link.health.get(), line: link.lineStats() }),
    onHealthChange: (listener) => link.health.subscribe(listener),
    start: () => link.start(),
    stop: () => link.stop(),
  };
}
