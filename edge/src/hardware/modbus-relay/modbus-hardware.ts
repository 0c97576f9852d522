import type { ProbeConfig, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { RandomSource } from '../../domain/random.js';
import type { SerialBinding } from '../board/serial-binding.js';
import { describeOpenFailure } from '../board/serial-port.js';
import { BoardLink, type BoardProtocol } from '../board-link/board-link.js';
import { PolledDoors } from '../board-link/polled-doors.js';
import { oneWireThermometers } from '../onewire/from-config.js';
import { ModbusLocks } from './modbus-locks.js';
import { isModbusTimeout, type ModbusRelayHardwareConfig, ModbusSession } from './modbus-session.js';

export type { ModbusRelayHardwareConfig } from './modbus-session.js';

export interface ModbusRelayDeps {
  readonly logger: Logger;
  /** the simulator's in-process binding in tests; the operating system's serial ports by default */
  readonly binding?: SerialBinding;
  readonly clock?: Pick<Clock, 'now'>;
  readonly random?: RandomSource;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

/**
 * A Modbus RTU relay/input board (Waveshare's family): locks on coils, doors on discrete inputs read
 * every `pollMs` (that read is the shared board link's heartbeat), probes on the one-wire bus.
 * After every open: all coils off, then the inputs read and reconciled, before the board counts as up.
 */
export function createModbusRelayHardware(
  config: ModbusRelayHardwareConfig,
  probes: readonly ProbeConfig[],
  deps: ModbusRelayDeps,
): StationHardware {
  const logger = deps.logger.child({ component: 'modbus-relay', path: config.path });
  const protocol: BoardProtocol<ModbusSession> = {
    async open() {
      const session = await ModbusSession.open(config, deps.binding);
      try {
        await session.releaseAll();
        await doors.refresh(() => session.readInputs());
      } catch (err) {
        await session.close();
        throw err;
      }
      return session;
    },
    heartbeat: (session) => doors.refresh(() => session.readInputs()),
    heartbeatMs: () => config.pollMs,
    isTimeout: isModbusTimeout,
    describeOpenFailure: (err) =>
      isModbusTimeout(err)
        ? `Modbus unit ${config.unitId} on ${config.path} does not answer`
        : describeOpenFailure(config.path, err),
    onlineHealth: () => ({
      detail: `Modbus relay board, unit ${config.unitId} on ${config.path}`,
      occupancySensors: false,
    }),
    beforeClose: (session) => session.releaseAll(),
  };
  const link = new BoardLink<ModbusSession>(
    {
      logger,
      name: `Modbus unit ${config.unitId} on ${config.path}`,
      random: deps.random,
      backoffInitialMs: deps.backoffInitialMs,
      backoffMaxMs: deps.backoffMaxMs,
    },
    protocol,
  );
  const doors = new PolledDoors(
    () => {
      const session = link.online;
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
    health: () => link.health.get(),
    onHealthChange: (listener) => link.health.subscribe(listener),
    start: () => link.start(),
    stop: () => link.stop(),
  };
}
