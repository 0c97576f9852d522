import { MAX_DOOR_INPUTS, MAX_LOCK_CHANNELS, MAX_PROBES } from '@regiobox/firmware-proto';
import { z } from 'zod';

/** What a simulated board is built like. Defaults describe a small 8-door wall with 4 probes. */
export const SimulatedBoardOptions = z
  .object({
    lockChannels: z.number().int().min(0).max(MAX_LOCK_CHANNELS).default(8),
    /** defaults to one door input per lock channel */
    doorInputs: z.number().int().min(0).max(MAX_DOOR_INPUTS).optional(),
    probes: z.number().int().min(0).max(MAX_PROBES).default(4),
    /** true/false for every door input, or one entry per input */
    occupancySensors: z.union([z.boolean(), z.array(z.boolean())]).default(false),
    firmware: z
      .object({ major: z.number().int(), minor: z.number().int(), patch: z.number().int() })
      .default({ major: 1, minor: 0, patch: 0 }),
    maxPulseMs: z.number().int().min(1).max(0xffff).default(2000),
    cooldownMs: z.number().int().min(0).max(0xffff).default(1000),
    watchdogMs: z.number().int().min(1).max(0xffff).default(6000),
    /** how many executed UNLOCK command ids the board remembers (PROTOCOL.md 7.2: at least 16) */
    rememberedCommands: z.number().int().min(1).default(16),
    /** a spring pushes each door open as soon as its latch releases */
    springOpen: z.boolean().default(false),
    /** initial reading of every probe */
    initialCelsius: z.number().default(20),
  })
  .strict()
  .refine(
    (o) =>
      typeof o.occupancySensors === 'boolean' ||
      o.occupancySensors.length === (o.doorInputs ?? o.lockChannels),
    { message: 'occupancySensors needs one entry per door input' },
  );

export type SimulatedBoardOptions = z.input<typeof SimulatedBoardOptions>;

export interface BoardLayout {
  readonly lockChannels: number;
  readonly doorInputs: number;
  readonly probes: number;
  readonly occupancySensors: readonly boolean[];
}

export type ResolvedBoardOptions = z.output<typeof SimulatedBoardOptions> & { layout: BoardLayout };

export function resolveBoardOptions(options: SimulatedBoardOptions = {}): ResolvedBoardOptions {
  const parsed = SimulatedBoardOptions.parse(options);
  const doorInputs = parsed.doorInputs ?? parsed.lockChannels;
  const occupancySensors =
    typeof parsed.occupancySensors === 'boolean'
      ? Array.from({ length: doorInputs }, () => parsed.occupancySensors as boolean)
      : parsed.occupancySensors;
  return {
    ...parsed,
    layout: { lockChannels: parsed.lockChannels, doorInputs, probes: parsed.probes, occupancySensors },
  };
}
