import type { GpioBackend, HardwareConfig, ProbeConfig, SimulatedConfig } from '@regiobox/hardware-api';
import { HardwareError, type StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import type { SerialBinding } from './serial-link/serial-binding.js';

export interface HardwareDeps {
  readonly logger: Logger;
  /** serial-board: a serialport binding (the simulator's in tests); the OS's ports by default */
  readonly binding?: SerialBinding;
  /** gpio: a GPIO backend (the simulator's chip in tests); chosen by `config.backend` by default */
  readonly gpioBackend?: GpioBackend;
  readonly clock?: Pick<Clock, 'now'>;
  /** backoff jitter and the first unlock command id */
  readonly random?: RandomSource;
}

type DriverName = HardwareConfig['driver'];
type DriverBuilder<K extends DriverName> = (
  config: Extract<HardwareConfig, { driver: K }>,
  probes: readonly ProbeConfig[],
  deps: HardwareDeps,
) => StationHardware | Promise<StationHardware>;

/**
 * One line per driver: adding a board is a folder under hardware/ and a line here. Each driver is
 * imported on use, so a station loads (and keeps in memory) only the code of the driver it runs: a
 * serial station no GPIO code, a GPIO station not the native serial addon.
 */
const drivers: { readonly [K in DriverName]: DriverBuilder<K> } = {
  'serial-board': async (config, probes, deps) =>
    (await import('./board/board-hardware.js')).createSerialBoardHardware(config, probes, deps),
  gpio: async (config, probes, deps) =>
    (await import('./gpio/gpio-hardware.js')).createGpioHardware(config, probes, {
      logger: deps.logger,
      backend: deps.gpioBackend,
      clock: deps.clock,
      random: deps.random,
    }),
  'kerong-cu': async (config, probes, deps) =>
    (await import('./kerong-cu/kerong-hardware.js')).createKerongCuHardware(config, probes, deps),
  'modbus-relay': async (config, probes, deps) =>
    (await import('./modbus-relay/modbus-hardware.js')).createModbusRelayHardware(config, probes, deps),
  simulated: (config, probes, deps) => createSimulated(config, probes, deps),
  'one-wire': async (config, probes, deps) =>
    (await import('./onewire/probes-only.js')).createOneWireOnlyHardware(config, probes, deps.logger),
};

/** Builds the driver the config names. Nothing is opened until `start()`. */
export async function createHardware(
  config: HardwareConfig,
  probes: readonly ProbeConfig[],
  deps: HardwareDeps,
): Promise<StationHardware> {
  const build = drivers[config.driver] as DriverBuilder<DriverName>;
  return build(config, probes, deps);
}

/** The simulated board is loaded only when a config asks for it, so a real station never loads it. */
async function createSimulated(
  config: z.infer<typeof SimulatedConfig>,
  probes: readonly ProbeConfig[],
  deps: HardwareDeps,
): Promise<StationHardware> {
  let mod: typeof import('./simulated-hardware.js');
  try {
    mod = await import('./simulated-hardware.js');
  } catch (err) {
    throw new HardwareError(
      'DEVICE_MISSING',
      'hardware.driver "simulated" needs the @regiobox/simulated-devices package, which is not installed',
      undefined,
      { cause: err },
    );
  }
  return mod.createSimulatedHardware({ config, probes, logger: deps.logger, clock: deps.clock });
}
