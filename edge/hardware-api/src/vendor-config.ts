import { z } from 'zod';

/** Where DS18B20 probes are read when the lock board has none: the kernel's one-wire bus. */
const oneWirePath = z.string().default('/sys/bus/w1/devices');

/**
 * Kerong KR-CU lock control boards (CU16 protocol) on an RS485 bus behind a USB adapter. Probes are
 * DS18B20s on the computer's one-wire bus.
 */
export const KerongCuConfig = z.object({
  driver: z.literal('kerong-cu'),
  /** prefer a stable path such as /dev/serial/by-id/usb-...; survives a USB reset */
  path: z.string().min(1),
  /** the boards' factory setting is 19200 baud, 8N1 */
  baudRate: z.number().int().positive().default(19200),
  /**
   * Board addresses (each board's DIP switch, 0–15) in cascade order: lock channels and door
   * inputs 0–15 are on the first board, 16–31 on the second, and so on.
   */
  boards: z
    .array(z.number().int().min(0).max(15))
    .min(1)
    .default([0])
    .refine((list) => new Set(list).size === list.length, 'each board address may appear once')
    .describe(
      'board addresses (DIP switches 0–15) in cascade order; channels 0–15 on the first, 16–31 on the second',
    ),
  /** true when the lockers have the boards' infrared sensors: they report goods inside */
  infraredSensors: z.boolean().default(false).describe('the lockers have infrared sensors: goods inside'),
  replyTimeoutMs: z.number().int().min(10).max(5000).default(200),
  /** how often every board's lock and door states are read (the boards push nothing) */
  pollMs: z
    .number()
    .int()
    .min(100)
    .max(10_000)
    .default(500)
    .describe('every board is read this often: door changes, and the heartbeat'),
  oneWirePath,
});

/**
 * A Modbus RTU relay/input board such as Waveshare's "Modbus RTU Relay (D)": locks on coils, door
 * switches on discrete inputs, probes from DS18B20s on the computer's one-wire bus.
 */
export const ModbusRelayConfig = z.object({
  driver: z.literal('modbus-relay'),
  /** prefer a stable path such as /dev/serial/by-id/usb-...; survives a USB reset */
  path: z.string().min(1),
  /** Waveshare's factory setting is 9600 baud, 8N1 */
  baudRate: z.number().int().positive().default(9600),
  /** the board's Modbus unit id (slave address) */
  unitId: z.number().int().min(1).max(247).default(1).describe('the Modbus unit id (slave address)'),
  /** relay coils 0…relays-1, by lock channel */
  relays: z.number().int().min(1).max(64).default(8).describe('relay coils 0… by lock channel'),
  /** discrete inputs 0…doorInputs-1, by door input */
  doorInputs: z.number().int().min(1).max(64).default(8).describe('discrete inputs 0… by door input'),
  /**
   * true: each pulse is the board's own "flash on" (function 0x05 at 0x0200 + relay, in 100 ms
   * units), so the board ends it even when the station dies mid-pulse. false, for boards without it:
   * coil on, wait, coil off.
   */
  flashOn: z
    .boolean()
    .default(true)
    .describe('pulse with the board’s own "flash on" (Waveshare); false: coil on, wait, off'),
  /** which input level means "door open": a reed switch held shut by the door's magnet reads on */
  doorOpenWhen: z
    .enum(['input-off', 'input-on'])
    .default('input-off')
    .describe('the input level of an open door; a reed switch held shut by the magnet reads on'),
  replyTimeoutMs: z.number().int().min(10).max(5000).default(300),
  /** how often the door inputs are read (the board pushes nothing) */
  pollMs: z
    .number()
    .int()
    .min(100)
    .max(10_000)
    .default(500)
    .describe('the inputs are read this often: door changes, and the heartbeat'),
  oneWirePath,
});
