import type { ProbeConfig, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { BackoffOptions } from '../../domain/backoff.js';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { RandomSource } from '../../domain/random.js';
import { oneWireThermometers } from '../onewire/from-config.js';
import { PolledDoors } from '../polled-doors.js';
import type { SerialBinding } from '../serial-link/serial-binding.js';
import { SerialLink } from '../serial-link/serial-link.js';
import { ModbusLocks } from './modbus-locks.js';
import { isModbusTimeout, type ModbusRelayHardwareConfig, ModbusSession } from './modbus-session.js';

export type { ModbusRelayHardwareConfig } from './modbus-session.js';

export interface ModbusRelayDeps {
  readonly logger: Logger;
  /** the simulator's in-process binding in tests; the operating system's serial ports by default */
  readonly binding?: SerialBinding;
  readonly clock?: Pick<Clock, 'now'>;
  /** backoff jitter; the OS's randomness by default */
  readonly random?: RandomSource;
  /** retries of a board that is plugged in but silent; the serial link's default otherwise */
  readonly retry?: Partial<BackoffOptions>;
}

/**
 * A Modbus RTU relay/input board (Waveshare's family): locks on coils, doors on discrete inputs read
 * every `pollMs` (that read is the shared serial link's heartbeat), probes on the one-wire bus.
 * After every open: all coils off, then the inputs read and reconciled, before the board counts as up.
 */
export function createModbusRelayHardware(
  config: ModbusRelayHardwareConfig,
  probes: readonly ProbeConfig[],
  deps: ModbusRelayDeps,
): StationHardware {
  const logger = deps.logger.child({ component: 'modbus-relay', path: config.path });
  const link: SerialLink<ModbusSession> = new SerialLink<ModbusSession>(
    {
      name: 'Modbus relay board',
      path: config.path,
      baudRate: config.baudRate,
      heartbeatMs: config.pollMs,
      binding: deps.binding,
      logger,
      random: deps.random,
      retry: deps.retry,
    },
    {
      async handshake(port) {
        const session = await ModbusSession.open(port, config);
        try {
          await session.releaseAll();
          await doors.refresh(() => session.readInputs());
        } catch (err) {
          session.close();
          throw err;
        }
        return session;
      },
      heartbeat: (session) => doors.refresh(() => session.readInputs()),
      isTimeout: isModbusTimeout,
      farewell: (session) => session.releaseAll(),
    },
  );
  const doors: PolledDoors = new PolledDoors(
    () => {
      const session = link.session;
      return session === null ? null : () => session.readInputs();
    },
    config.doorInputs,
    deps.clock ?? systemClock,
    logger,
  );
  return {
    driver: 'modbus-relay',
    locks: new ModbusLocks(link, config, logger),
    doors,
    thermometers: oneWireThermometers(config.oneWirePath, probes, logger),
    health: () => ({ ...link.health.get(), line: link.lineStats() }),
    onHealthChange: (listener) => link.health.subscribe(listener),
    start: () => link.start(),
    stop: () => link.stop(),
  };
}
