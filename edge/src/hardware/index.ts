export type { SerialBoardDeps, SerialBoardHardwareConfig } from './board/board-hardware.js';
export { createSerialBoardHardware } from './board/board-hardware.js';
export type { SerialBinding } from './board/serial-binding.js';
export * from './config.js';
export type {
  HardwareDeps,
  SimulatedHardwareModule,
  SimulatedHardwareOptions,
} from './factory.js';
export { createHardware } from './factory.js';
export type {
  GpioBackend,
  GpioInputLine,
  GpioLineOptions,
  GpioOutputLine,
  GpioOutputOptions,
} from './gpio/backend.js';
export type { LibgpiodBackendOptions, LibgpiodTools } from './gpio/chardev-backend.js';
export { createLibgpiodBackend } from './gpio/chardev-backend.js';
export type { GpioHardwareConfig, GpioHardwareDeps } from './gpio/gpio-hardware.js';
export { createGpioHardware } from './gpio/gpio-hardware.js';
export { createOnoffBackend } from './gpio/onoff-backend.js';
export type { OneWireProbe, OneWireThermometersOptions } from './onewire/thermometers.js';
export { OneWireThermometers } from './onewire/thermometers.js';
export * from './types.js';
