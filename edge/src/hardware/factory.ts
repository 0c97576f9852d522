import type { GpioBackend, HardwareConfig, ProbeConfig, SimulatedConfig } from '@regiobox/hardware-api';
import { HardwareError, type StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import { createSerialBoardHardware } from './board/board-hardware.js';
import { createGpioHardware } from './gpio/gpio-hardware.js';
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

/** Builds the driver the config names. Nothing is opened until `start()`. */
export async function createHardware(
  config: HardwareConfig,
  probes: readonly ProbeConfig[],
  deps: HardwareDeps,
): Promise<StationHardware> {
  switch (config.driver) {
    case 'serial-board':
      return createSerialBoardHardware(config, probes, {
        logger: deps.logger,
        binding: deps.binding,
        clock: deps.clock,
        random: deps.random,
      });
    case 'gpio':
      return createGpioHardware(config, probes, {
        logger: deps.logger,
        backend: deps.gpioBackend,
        clock: deps.clock,
        random: deps.random,
      });
    case 'simulated':
      return createSimulated(config, probes, deps);
  }
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
