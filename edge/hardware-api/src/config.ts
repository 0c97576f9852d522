import { z } from 'zod';
import { GpioConfig } from './gpio-config.js';
import { KerongCuConfig, ModbusRelayConfig } from './vendor-config.js';

/** One probe as the driver knows it: a board probe index or a one-wire device id. */
export const ProbeConfig = z.object({
  id: z.string().min(1).max(64),
  /** board variant: probe index on the board (0-based) */
  boardIndex: z.number().int().min(0).max(63).optional(),
  /** one-wire variant: the kernel's device id, e.g. 28-0316a2790dff */
  oneWireId: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{12}$/, 'a one-wire device id like 28-0316a2790dff')
    .optional(),
});

export const SerialBoardConfig = z.object({
  driver: z.literal('serial-board'),
  /** prefer a stable path such as /dev/serial/by-id/usb-...; survives a USB reset */
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(115200),
  // above the board's 50 ms reply budget plus the frames' time on the wire (PROTOCOL.md 8)
  replyTimeoutMs: z.number().int().min(100).max(10_000).default(250),
  heartbeatMs: z.number().int().min(100).max(60_000).default(2000),
  /** damaged frames within a minute that raise serial_line_noisy (it clears at a fifth of that) */
  noisyLineFrames: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(10)
    .describe(
      'damaged frames on the serial line within a minute that raise serial_line_noisy; it clears at a fifth of that',
    ),
});

/** The simulated board of `@regiobox/simulator`, in-process: for the demo and for trying a config. */
export const SimulatedConfig = z.object({
  driver: z.literal('simulated'),
  occupancySensors: z.boolean().default(true),
});

/**
 * No lock board at all: a shop counter, where staff hand the parcels over. Only DS18B20 probes on
 * the computer's one-wire bus are read.
 */
export const OneWireOnlyConfig = z.object({
  driver: z.literal('one-wire'),
  oneWirePath: z.string().default('/sys/bus/w1/devices'),
});

export const HardwareConfig = z.discriminatedUnion('driver', [
  SerialBoardConfig,
  GpioConfig,
  KerongCuConfig,
  ModbusRelayConfig,
  SimulatedConfig,
  OneWireOnlyConfig,
]);
export type HardwareConfig = z.infer<typeof HardwareConfig>;
export type ProbeConfig = z.infer<typeof ProbeConfig>;
