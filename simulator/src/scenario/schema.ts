import { z } from 'zod';
import { STATION_SHAPES } from '../station/shapes.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90s", "15m", "1h30m", "2d" or a number of seconds → milliseconds. */
export const Duration = z
  .union([
    z
      .number()
      .nonnegative()
      .transform((s) => s * 1000),
    z.string(),
  ])
  .transform((v, ctx) => {
    if (typeof v === 'number') return v;
    const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== v.replace(/\s+/g, '')) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration like 90s, 15m, 1h30m` });
      return z.NEVER;
    }
    return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2] as keyof typeof UNIT_MS], 0);
  });

const DurationRange = z.tuple([Duration, Duration]);
const Share = z.number().min(0).max(1);

const Ambient = z.union([
  z.enum(['outdoor', 'indoor']),
  z.strictObject({ meanCelsius: z.number(), amplitudeCelsius: z.number().min(0) }),
]);

export const StationEntry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  shape: z.enum(STATION_SHAPES),
  /** child: the station runs as its own process on a real PTY, so it can be killed with SIGKILL */
  process: z.enum(['in-process', 'child']).default('in-process'),
  ambient: Ambient.default('indoor'),
});

export const Traffic = z
  .strictObject({
    ordersPerHour: z.number().positive().default(4),
    parcelsPerOrder: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 2]),
    producerDelay: DurationRange.default([300_000, 2_400_000]),
    pickupDelay: DurationRange.default([600_000, 10_800_000]),
    pickupWindow: Duration.default(8 * 3_600_000),
    lateShare: Share.default(0.05),
    wrongCodeShare: Share.default(0.15),
    qrShare: Share.default(0.3),
    doorOpen: DurationRange.default([15_000, 60_000]),
  })
  .prefault({});

const at = { at: Duration };
const station = { station: z.string() };
const lasting = { for: Duration };

/** Faults on the timeline, at simulated times from the start. */
export const Fault = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cooling_failure'),
    ...at,
    ...station,
    compartment: z.number().int(),
    ...lasting,
    capacity: z.number().min(0).max(1).default(0),
  }),
  z.strictObject({ kind: z.literal('bridge_restart'), ...at, down: Duration.default(30_000) }),
  z.strictObject({ kind: z.literal('station_kill'), ...at, ...station, down: Duration.default(60_000) }),
  z.strictObject({ kind: z.literal('station_restart'), ...at, ...station }),
  z.strictObject({
    kind: z.literal('serial_noise'),
    ...at,
    ...station,
    ...lasting,
    corruptRate: Share.default(0.01),
    dropRate: Share.default(0.005),
  }),
  z.strictObject({ kind: z.literal('serial_unplug'), ...at, ...station, ...lasting }),
  z.strictObject({
    kind: z.literal('door_forced'),
    ...at,
    ...station,
    compartment: z.number().int(),
    ...lasting,
  }),
  z.strictObject({
    kind: z.literal('probe_fault'),
    ...at,
    ...station,
    probe: z.string(),
    fault: z.enum(['missing', 'stuck', 'noisy']),
    ...lasting,
  }),
  z.strictObject({ kind: z.literal('power_cut'), ...at, ...station, ...lasting }),
]);
export type Fault = z.infer<typeof Fault>;

const AlarmExpectation = z.strictObject({
  station: z.string().optional(),
  kind: z.string(),
  compartment: z.number().int().optional(),
  min: z.number().int().min(0).default(1),
  max: z.number().int().min(0).optional(),
});

export const Expectations = z
  .strictObject({
    /** orders that reached the stations */
    minOrders: z.number().int().min(0).default(1),
    minPickups: z.number().int().min(0).default(0),
    minRetrievals: z.number().int().min(0).default(0),
    /** stories nobody should have: an order stuck without pickup or retrieval */
    maxUnfinished: z.number().int().min(0).default(0),
    alarms: z.array(AlarmExpectation).default([]),
    /** check and print the chaos invariants (events once, doors, alarms, legal end states) */
    invariants: z.boolean().default(true),
  })
  .prefault({});

export const Scenario = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  seed: z.number().int().default(1),
  /** simulated seconds per real second */
  speed: z.number().positive().max(1000).default(30),
  start: z.iso.datetime({ offset: true }).optional(),
  /** how long the marketplace places orders (simulated) */
  duration: Duration,
  /** how long the orders placed may take to end after that, at most (simulated) */
  settle: Duration.default(6 * 3_600_000),
  stations: z.array(StationEntry).min(1),
  traffic: Traffic,
  operator: z
    .union([
      z.literal(false),
      z.strictObject({
        name: z.string().default('operator'),
        checkEvery: Duration.default(300_000),
        ackAfter: DurationRange.default([300_000, 1_200_000]),
      }),
    ])
    .default({ name: 'operator', checkEvery: 300_000, ackAfter: [300_000, 1_200_000] }),
  faults: z.array(Fault).default([]),
  expect: Expectations,
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
