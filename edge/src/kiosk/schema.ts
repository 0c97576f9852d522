import { CompartmentNo, CompartmentStateName, IsoTime } from '@regiobox/contract';
import { z } from 'zod';

/**
 * The kiosk's local HTTP boundary: what the page sends and what it gets back. The page is plain
 * JavaScript, so these schemas are its contract; the server validates requests with them.
 */

/** Keypad PINs and QR tokens; grouping spaces/dashes are allowed because the station normalises them. */
export const CodeRequest = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces and dashes only'),
  source: z.enum(['keypad', 'scanner']),
});
export type CodeRequest = z.infer<typeof CodeRequest>;

export const OutOfServiceReason = z.enum(['BOARD_UNREACHABLE', 'STORAGE_FAULT']);
export type OutOfServiceReason = z.infer<typeof OutOfServiceReason>;

/** A sales van's tour on its screen (edge/src/van/tour-view.ts); absent at every other station. */
export const VanStatus = z.object({
  tourId: z.string(),
  gps: z.enum(['fix', 'lost']),
  here: z.object({ stopId: z.string(), name: z.string(), how: z.enum(['gps', 'manual']) }).nullable(),
  next: z.object({ stopId: z.string(), name: z.string(), from: IsoTime, to: IsoTime }).nullable(),
  stops: z.array(
    z.object({
      stopId: z.string(),
      name: z.string(),
      from: IsoTime,
      to: IsoTime,
      state: z.enum(['here', 'done', 'ahead']),
    }),
  ),
});
export type VanStatus = z.infer<typeof VanStatus>;

/** The driver confirms the stop by hand while GPS is lost. */
export const ConfirmStopRequest = z.strictObject({
  stopId: z.string().min(1).max(64),
  driverCode: z.string().min(1).max(64),
});

export const KioskStatus = z.object({
  station: z.object({ id: z.string(), name: z.string() }),
  /** null while the station can open doors and record what happens */
  outOfService: z.object({ reason: OutOfServiceReason }).nullable(),
  openDoors: z.array(CompartmentNo),
  /** who to contact (phone, web address), shown on the expired and out-of-order screens */
  contact: z.string().nullable(),
  /** typed PIN digits are shown as dots (kiosk.maskPin) */
  maskPin: z.boolean(),
  /** a sales van: its tour, the stop it stands at, GPS; null at a van without a tour; absent elsewhere */
  van: VanStatus.nullable().optional(),
  at: IsoTime,
});
export type KioskStatus = z.infer<typeof KioskStatus>;

/** Server-sent events; the SSE `event:` field is the `type`. */
export const KioskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: KioskStatus }),
  z.object({
    type: z.literal('door'),
    compartment: CompartmentNo,
    open: z.boolean(),
    /** the compartment's state after the change, when known: `loaded` confirms a producer's load */
    state: CompartmentStateName.nullable(),
  }),
  z.object({ type: z.literal('unlock_not_used'), compartment: CompartmentNo }),
  z.object({
    type: z.literal('occupancy_mismatch'),
    compartment: CompartmentNo,
    /** true: goods were left inside after a pickup; false: nothing inside after a load */
    goodsInside: z.boolean(),
  }),
]);
export type KioskEvent = z.infer<typeof KioskEvent>;

/** RFC 9457 problem details with a stable `code` the page can act on. */
export const Problem = z.object({
  type: z.literal('about:blank'),
  title: z.string(),
  status: z.number().int(),
  code: z.enum([
    'INVALID_BODY',
    'UNSUPPORTED_MEDIA_TYPE',
    'NOT_FOUND',
    'STORAGE_FAULT',
    'INTERNAL',
    // the driver's stop confirmation (edge/src/van/errors.ts)
    'NOT_A_VAN',
    'NO_TOUR',
    'UNKNOWN_STOP',
    'GPS_AVAILABLE',
    'WRONG_DRIVER_CODE',
    'NO_DRIVER_CODE',
    'RATE_LIMITED',
  ]),
  detail: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;
