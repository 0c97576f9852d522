import { z } from 'zod';
import {
  MAX_DOOR_INPUTS,
  MAX_LOCK_CHANNELS,
  MAX_PROBES,
  NACK_CODES,
  PROBE_STATUS_CODES,
  type ProbeStatus,
} from './protocol.js';

/**
 * The message schemas: the single source of the TypeScript types, and the check every message passes
 * before it is encoded. Ranges are what the wire can carry; board policy (which channel exists, how long
 * a pulse may be) is the board's to enforce and answer with a NACK.
 */
const u8 = z.number().int().min(0).max(0xff);
const u16 = z.number().int().min(0).max(0xffff);
const u32 = z.number().int().min(0).max(0xffffffff);
const i16 = z.number().int().min(-0x8000).max(0x7fff);

const empty = <T extends string>(type: T) => z.object({ type: z.literal(type) }).strict();

export const HelloMessage = empty('HELLO');
export const PingMessage = empty('PING');
export const PongMessage = empty('PONG');
export const ReleaseAllMessage = empty('RELEASE_ALL');
export const ReadStatesMessage = empty('READ_STATES');
export const ReadTempsMessage = empty('READ_TEMPS');
export const AckMessage = empty('ACK');

export const FirmwareVersion = z.object({ major: u8, minor: u8, patch: u8 }).strict();

export const CapabilitiesMessage = z
  .object({
    type: z.literal('CAPABILITIES'),
    firmware: FirmwareVersion,
    lockChannels: z.number().int().min(0).max(MAX_LOCK_CHANNELS),
    doorInputs: z.number().int().min(0).max(MAX_DOOR_INPUTS),
    probes: z.number().int().min(0).max(MAX_PROBES),
    /** by door input: whether an occupancy ("goods inside") sensor is fitted there */
    occupancySensors: z.array(z.boolean()).max(MAX_DOOR_INPUTS),
    maxPulseMs: u16,
    cooldownMs: u16,
    watchdogMs: u16.min(1),
  })
  .strict()
  .refine((m) => m.occupancySensors.length === m.doorInputs, {
    message: 'occupancySensors needs one entry per door input',
  });

export const UnlockMessage = z
  .object({ type: z.literal('UNLOCK'), channel: u8, pulseMs: u16, commandId: u32 })
  .strict();

export const StatesMessage = z
  .object({
    type: z.literal('STATES'),
    /** by lock channel: true while the solenoid is energised */
    locks: z.array(z.boolean()).max(MAX_LOCK_CHANNELS),
    /** by door input: true = open */
    doors: z.array(z.boolean()).max(MAX_DOOR_INPUTS),
    /** by door input: true = goods inside; null where no sensor is fitted */
    occupancy: z.array(z.boolean().nullable()).max(MAX_DOOR_INPUTS),
  })
  .strict()
  .refine((m) => m.occupancy.length === m.doors.length, {
    message: 'occupancy needs one entry per door input',
  });

const probeStatuses = Object.keys(PROBE_STATUS_CODES) as [ProbeStatus, ...ProbeStatus[]];

export const ProbeReading = z
  .object({ status: z.enum(probeStatuses), centiCelsius: i16.nullable() })
  .strict()
  .refine((p) => (p.status === 'ok') === (p.centiCelsius !== null), {
    message: 'a reading has a value exactly when its status is ok',
  });

export const TempsMessage = z
  .object({ type: z.literal('TEMPS'), probes: z.array(ProbeReading).max(MAX_PROBES) })
  .strict();

const nackCodes = Object.keys(NACK_CODES) as [keyof typeof NACK_CODES, ...(keyof typeof NACK_CODES)[]];

export const NackMessage = z
  .object({ type: z.literal('NACK'), code: z.enum(nackCodes), retryAfterMs: u16 })
  .strict()
  .refine((m) => (m.code === 'COOLDOWN') === m.retryAfterMs > 0, {
    message: 'retryAfterMs is at least 1 for COOLDOWN and 0 for every other code',
  });

export const DoorEventMessage = z
  .object({
    type: z.literal('DOOR_EVENT'),
    boardSeq: u16,
    input: z
      .number()
      .int()
      .min(0)
      .max(MAX_DOOR_INPUTS - 1),
    open: z.boolean(),
  })
  .strict();

export const Message = z.discriminatedUnion('type', [
  HelloMessage,
  PingMessage,
  PongMessage,
  UnlockMessage,
  ReleaseAllMessage,
  ReadStatesMessage,
  ReadTempsMessage,
  CapabilitiesMessage,
  StatesMessage,
  TempsMessage,
  AckMessage,
  NackMessage,
  DoorEventMessage,
]);

export const Frame = z
  .object({ seq: u16, message: Message })
  .strict()
  .refine((f) => f.message.type !== 'DOOR_EVENT' || f.seq === 0, {
    message: 'a DOOR_EVENT is pushed by the board and carries seq 0',
  });

export type Message = z.infer<typeof Message>;
export type Frame = z.infer<typeof Frame>;
export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;
export type FirmwareVersion = z.infer<typeof FirmwareVersion>;
export type ProbeReading = z.infer<typeof ProbeReading>;
