import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import { createSerialBoardHardware } from './board/board-hardware.js';
import type { SerialBinding } from './board/serial-binding.js';
import type { HardwareConfig, ProbeConfig, SimulatedConfig } from './config.js';
import type { GpioBackend } from './gpio/backend.js';
import { createGpioHardware } from './gpio/gpio-hardware.js';
import { HardwareError, type StationHardware } from './types.js';

export interface HardwareDeps {
  readonly logger: Logger;
  /** serial-board: a serialport binding (the simulator's in tests); the OS's ports by default */
  readonly binding?: SerialBinding;
  /** gpio: a GPIO backend (the simulator's chip in tests); chosen by `config.backend` by default */
  readonly gpioBackend?: GpioBackend;
  readonly clock?: Pick<Clock, 'now'>;
  /** [0, 1): backoff jitter and the first unlock command id */
  readonly random?: () => number;
}

export interface SimulatedHardwareOptions {
  readonly config: z.infer<typeof SimulatedConfig>;
  readonly probes: readonly ProbeConfig[];
  readonly logger: Logger;
  readonly clock?: Pick<Clock, 'now'>;
}

/**
 * What `@regiobox/simulator` must export for `driver: simulated`. Edge defines it and loads the
 * simulator by a computed specifier, so the packages do not import each other statically.
 */
export interface SimulatedHardwareModule {
  createSimulatedHardware(options: SimulatedHardwareOptions): StationHardware | Promise<StationHardware>;
}

const SIMULATOR_PACKAGE = '@regiobox/simulator';

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

async function createSimulated(
  config: z.infer<typeof SimulatedConfig>,
  probes: readonly ProbeConfig[],
  deps: HardwareDeps,
): Promise<StationHardware> {
  let mod: Partial<SimulatedHardwareModule>;
  try {
    mod = (await import(SIMULATOR_PACKAGE)) as Partial<SimulatedHardwareModule>;
  } catch (err) {
    throw new HardwareError(
      'DEVICE_MISSING',
      `hardware.driver "simulated" needs the ${SIMULATOR_PACKAGE} package, which is not installed`,
      undefined,
      { cause: err },
    );
  }
  if (typeof mod.createSimulatedHardware !== 'function') {
    throw new HardwareError(
      'DEVICE_MISSING',
      `${SIMULATOR_PACKAGE} does not export createSimulatedHardware; update it to match this station`,
    );
  }
  return mod.createSimulatedHardware({ config, probes, logger: deps.logger, clock: deps.clock });
}
