import { HardwareError, type ProbeConfig, type StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { oneWireThermometers } from './from-config.js';

export interface OneWireOnlyConfig {
  readonly oneWirePath: string;
}

/**
 * A station without locks or doors (a shop counter): only the DS18B20 probes on the computer's
 * one-wire bus. Nothing can be pulsed, so a pulse is refused rather than pretended.
 */
export function createOneWireOnlyHardware(
  config: OneWireOnlyConfig,
  probes: readonly ProbeConfig[],
  logger: Logger,
): StationHardware {
  const health = {
    reachable: true,
    detail: 'no lock board: probes on one-wire only',
    occupancySensors: false,
  };
  return {
    driver: 'one-wire',
    locks: {
      pulse: async (channel) => {
        throw new HardwareError('UNKNOWN_CHANNEL', `this station has no locks (channel ${channel})`);
      },
      releaseAll: async () => {},
    },
    doors: {
      read: async () => ({ doors: [], occupancy: [] }),
      onChange: () => () => {},
    },
    thermometers: oneWireThermometers(config.oneWirePath, probes, logger),
    health: () => health,
    onHealthChange: () => () => {},
    start: async () => {},
    stop: async () => {},
  };
}
