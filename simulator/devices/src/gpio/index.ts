export type { OutputTransition, WriteFault } from './chip.js';
export { SimulatedGpioChip } from './chip.js';
export type { SimulatedDoorWiring } from './door.js';
export { SimulatedGpioDoor } from './door.js';
export type {
  SimulatedGpiochipSpec,
  SimulatedLibgpiodChip,
  SimulatedLibgpiodOptions,
} from './libgpiod-sim/index.js';
export { installSimulatedLibgpiod, raspberryPiHeaderChip } from './libgpiod-sim/index.js';
export type { OneWireFault, SimulatedOneWireOptions } from './one-wire.js';
export { dallasCrc8, SimulatedOneWireBus } from './one-wire.js';
