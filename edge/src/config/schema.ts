import {
  CODE_FORMATS,
  CompartmentNo,
  type IssuedCodeKind,
  Size,
  StationId,
  StationKind,
  StationThresholdOverrides,
  Zone,
  ZoneThresholdsOverride,
} from '@regiobox/contract';
import { HardwareConfig, ProbeConfig } from '@regiobox/hardware-api';
import { z } from 'zod';
import { CounterSettings, checkCounter, PlaceConfig, placeAsCompartment, StaffMember } from './counter.js';
import { checkCrossReferences } from './cross-checks.js';
import { checkTenants, TenantsConfig } from './tenants.js';
import { checkThresholds } from './threshold-checks.js';
import { VanConfig } from './van.js';

/**
 * The station config: this schema is its documentation (`.describe()` on every field) and the source
 * of its type. Unknown keys are rejected so that a typo does not silently fall back to a default.
 */

const locationLine = z.string().min(1).max(80);
const LocationText = z.union([
  locationLine,
  z
    .strictObject({ de: locationLine.optional(), en: locationLine.optional() })
    .refine(
      (t) => t.de !== undefined || t.en !== undefined,
      'give the text in at least one language (de, en)',
    ),
]);

export const CompartmentConfig = z
  .strictObject({
    no: CompartmentNo.describe('compartment number printed on the door, unique, 1–999'),
    lockChannel: z.number().int().min(0).max(255).describe('lock output channel on the board (0-based)'),
    doorInput: z.number().int().min(0).max(255).describe('door switch input on the board (0-based)'),
    size: Size.describe('S < M < L; a parcel gets the smallest free size that fits'),
    zone: Zone.describe('temperature zone: ambient, chilled (≤ 7 °C), cold (≤ 4 °C), frozen (≤ −18 °C)'),
    probes: z.array(z.string().min(1)).default([]).describe('ids of the probes (see `probes`) measuring it'),
    location: LocationText.optional().describe(
      'where a customer finds it, shown on the kiosk: one text for every language, or one per language (`{ de: "obere Reihe, 3. von links", en: "top row, 3rd from left" }`)',
    ),
    thresholds: ZoneThresholdsOverride.optional().describe(
      "this compartment's own limits over its zone's (e.g. `upperCelsius: 2` for fish in the cold zone); same fields as `thresholds.<zone>`",
    ),
  })
  .describe('one door of the station');
export type CompartmentConfig = z.infer<typeof CompartmentConfig>;

export const MqttConfig = z
  .strictObject({
    url: z
      .string()
      .regex(/^(mqtts?|wss?|tcp):\/\/\S+$/, 'an MQTT URL like mqtts://broker.example:8883')
      .describe('broker URL (env REGIOBOX_MQTT_URL)'),
    username: z.string().min(1).optional().describe('broker user name (env REGIOBOX_MQTT_USERNAME)'),
    passwordFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'file holding the broker password, never the password itself (env REGIOBOX_MQTT_PASSWORD_FILE)',
      ),
    keepaliveSeconds: z
      .number()
      .int()
      .min(5)
      .max(600)
      .default(30)
      .describe('MQTT keepalive; a silent partition is noticed within 1.5× this'),
    telemetryIntervalSeconds: z
      .number()
      .int()
      .min(5)
      .max(3600)
      .default(60)
      .describe(
        'how often a telemetry batch (temperatures and doors) is written and sent; samples every 60 s, or once per batch when shorter',
      ),
    commandKeyFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'file with the per-station key that signs door-opening commands (env REGIOBOX_COMMAND_KEY_FILE)',
      ),
    replayRetentionHours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .default(72)
      .describe(
        'how long delivered events are kept (codes blanked) to answer a replay_events request from the marketplace',
      ),
  })
  .describe('link to the marketplace');

const LockoutConfig = z
  .strictObject({
    freeAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe('wrong codes in a row before backing off'),
    baseDelaySeconds: z
      .number()
      .int()
      .min(1)
      .max(600)
      .default(5)
      .describe('first back-off; doubles with every further wrong code'),
    maxDelaySeconds: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .default(300)
      .describe('cap of the back-off: the longest a prankster can lock the keypad for legitimate customers'),
    forgetAfterMinutes: z
      .number()
      .int()
      .min(10)
      .max(1440)
      .default(60)
      .describe('wrong codes are forgotten after this long without another wrong code'),
  })
  .describe('keypad back-off after wrong codes; the QR token path is never locked');

/** The bounds and defaults of every code's length come from the contract, with its examples. */
const codeDigits = (kind: IssuedCodeKind) =>
  z
    .number()
    .int()
    .min(CODE_FORMATS[kind].min)
    .max(CODE_FORMATS[kind].max)
    .default(CODE_FORMATS[kind].default);

const CodesConfig = z
  .strictObject({
    pinDigits: codeDigits('pickupPin').describe('digits of the customer pickup PIN'),
    loadingCodeDigits: codeDigits('loadingCode').describe('digits of producer loading codes'),
    retrievalCodeDigits: codeDigits('retrievalCode').describe('digits of producer retrieval codes'),
    serviceCodeDigits: codeDigits('serviceCode').describe('digits of operator service codes'),
    qrTokenDigits: codeDigits('qrToken').describe(
      'digits of the pickup QR token a USB scanner types; 20 digits are more than 64 bits',
    ),
    retrievalValidityHours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .default(72)
      .describe('how long a retrieval code stays valid after the parcel expired'),
    serviceCodeValidityMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(60)
      .describe('default life of a service code'),
    lockout: LockoutConfig.default(LockoutConfig.parse({})),
  })
  .describe('code lengths and lifetimes; see edge/SECURITY.md for the arithmetic behind the defaults');

const ZoneDeadline = z.strictObject({
  pickupWindowHours: z
    .number()
    .min(1)
    .max(24 * 14)
    .describe('default pickup window when the marketplace sends no deadline'),
  reminderLeadHours: z
    .number()
    .min(0)
    .max(72)
    .describe('reminder event this long before the deadline (0 = none)'),
});

const DeadlinesConfig = z
  .strictObject({
    ambient: ZoneDeadline.default({ pickupWindowHours: 72, reminderLeadHours: 12 }),
    chilled: ZoneDeadline.default({ pickupWindowHours: 48, reminderLeadHours: 6 }),
    cold: ZoneDeadline.default({ pickupWindowHours: 24, reminderLeadHours: 4 }),
    frozen: ZoneDeadline.default({ pickupWindowHours: 72, reminderLeadHours: 12 }),
  })
  .describe('per zone: default pickup window and reminder lead time (fresh fish shorter than bread)');

const DoorsConfig = z
  .strictObject({
    pulseMs: z
      .number()
      .int()
      .min(50)
      .max(2000)
      .default(400)
      .describe('how long a lock solenoid is energised'),
    openTimeoutSeconds: z
      .number()
      .int()
      .min(5)
      .max(300)
      .default(30)
      .describe('an unlocked door not opened within this is treated as not used; the code stays valid'),
  })
  .describe('door cycle timing');

const KioskConfig = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('false: a station without a touch screen; it serves no page and loads no HTTP server'),
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('listen address of the kiosk page (env REGIOBOX_KIOSK_HOST)'),
    port: z.number().int().min(0).max(65535).default(8080).describe('listen port (env REGIOBOX_KIOSK_PORT)'),
    displayName: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .describe('the name customers see in the header, e.g. "Dorfladen Lübben"; the station id when absent'),
    servicePhone: z
      .string()
      .min(3)
      .max(40)
      .optional()
      .describe(
        'who to call, shown when a code is no longer valid, goods are held or the station is out of order',
      ),
    maskPin: z
      .boolean()
      .default(false)
      .describe('show typed PIN digits as dots, for stations where others can look over the shoulder'),
  })
  .describe('the local touch-screen page');

export const StationConfig = z
  .strictObject({
    stationId: StationId.describe(
      'stable station id: lower-case letters, digits, dashes (env REGIOBOX_STATION_ID)',
    ),
    kind: StationKind.default('locker').describe(
      'what kind of pick-up point: `locker` (a locker wall or cold box), `counter` (a shop counter: staff hand parcels over, no locks), `van` (a sales van on a tour); reported in the birth',
    ),
    dataDir: z
      .string()
      .min(1)
      .describe('directory for the database and the station key file (env REGIOBOX_DATA_DIR)'),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
      .default('info')
      .describe('env REGIOBOX_LOG_LEVEL'),
    compartments: z
      .array(CompartmentConfig)
      .max(999)
      .default([])
      .describe('the doors of the station (a locker or van: at least one; a counter has none)'),
    places: z
      .array(PlaceConfig)
      .max(999)
      .default([])
      .describe('a counter: its storage places (shelves, fridges, freezers), each holding many parcels'),
    staff: z
      .array(StaffMember)
      .max(200)
      .default([])
      .describe('a counter: the staff who log in on the staff page and hand parcels over'),
    counter: CounterSettings.default(CounterSettings.parse({})),
    probes: z.array(ProbeConfig).default([]).describe('temperature probes, by id'),
    hardware: HardwareConfig.describe(
      'driver: serial-board, gpio, kerong-cu, modbus-relay or simulated, and its settings',
    ),
    mqtt: MqttConfig,
    codes: CodesConfig.default(CodesConfig.parse({})),
    deadlines: DeadlinesConfig.default(DeadlinesConfig.parse({})),
    doors: DoorsConfig.default(DoorsConfig.parse({})),
    kiosk: KioskConfig.default(KioskConfig.parse({})),
    van: VanConfig.optional().describe(
      'a sales van (kind: van) on a tour (edge/VAN.md): gpsd, grace of the stop windows, driver code; the defaults when absent',
    ),
    tenants: TenantsConfig.default(TenantsConfig.parse({})),
    thresholds: StationThresholdOverrides.default({}).describe(
      'limits per zone over the defaults (edge/HACCP.md): upperCelsius, lowerCelsius, delaySeconds, hysteresisCelsius, budgetMinutes, thawLimitCelsius; `null` switches a limit off; `set_thresholds` changes them remotely',
    ),
  })
  .superRefine(checkCrossReferences)
  .superRefine(checkTenants)
  .superRefine(checkThresholds)
  .superRefine((c, ctx) => {
    if (c.van && c.kind !== 'van')
      ctx.addIssue({
        code: 'custom',
        path: ['van'],
        message: `a van section needs kind: van (kind is ${c.kind})`,
      });
  })
  .superRefine(checkCounter)
  // A counter's places become the core's compartments here, once, so that every part that keeps,
  // watches and records compartments does the same for places (see config/counter.ts).
  .transform((c) => (c.kind === 'counter' ? { ...c, compartments: c.places.map(placeAsCompartment) } : c));

export type StationConfig = z.infer<typeof StationConfig>;
export type StationConfigInput = z.input<typeof StationConfig>;
export type CodesConfig = StationConfig['codes'];
export type LockoutConfig = CodesConfig['lockout'];
export type DeadlinesConfig = StationConfig['deadlines'];
