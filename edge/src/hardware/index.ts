export * from './config.js';
export type {
  GpioBackend,
  GpioInputLine,
  GpioLineOptions,
  GpioOutputLine,
  GpioOutputOptions,
} from './gpio/backend.js';
export * from './types.js';
