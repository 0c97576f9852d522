import { z } from 'zod';
import { CompartmentNo, IsoTime, OrderId, OrderTenant, ParcelId, Size, StationId, Zone } from './common.js';
import { Tour } from './tours.js';

const ZoneLimits = z.object({
  upperCelsius: z.number().min(-40).max(60).nullable(),
  lowerCelsius: z.number().min(-40).max(60).nullable(),
  delaySeconds: z.number().int().min(0).max(86_400),
  hysteresisCelsius: z.number().min(0).max(10),
  /** minutes above the upper limit a loaded parcel may collect before it is held; null: never */
  budgetMinutes: z.number().min(0).max(10_080).nullable(),
  /** frozen zone: goods above this for longer than the delay are thawed; null: no thaw limit */
  thawLimitCelsius: z.number().min(-40).max(60).nullable(),
});

export const CommandBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('reserve'),
    /** whose order; the station gives it only compartments this tenant may use */
    tenant: OrderTenant,
    orderId: OrderId,
    parcels: z
      .array(
        z.object({
          parcelId: ParcelId,
          producer: z.string().min(1).max(120),
          zone: Zone,
          size: Size,
          deadline: IsoTime,
        }),
      )
      .min(1)
      .max(24),
  }),
  z.object({
    type: z.literal('cancel'),
    /** the order is looked up within this tenant only */
    tenant: OrderTenant,
    orderId: OrderId,
    reason: z.string().max(200).default('cancelled'),
  }),
  z.object({
    type: z.literal('extend'),
    tenant: OrderTenant,
    orderId: OrderId,
    deadline: IsoTime,
    /** operator or system that moved the deadline, for the station's audit log */
    by: z.string().min(1).max(120).optional(),
  }),
  /** Must carry a valid `sig`; opens exactly one compartment. There is no "open all". */
  z.object({
    type: z.literal('service_open'),
    compartment: CompartmentNo,
    operator: z.string().min(1).max(120),
    reason: z.string().min(1).max(200),
  }),
  z.object({
    type: z.literal('block'),
    compartment: CompartmentNo,
    reason: z.string().min(1).max(200),
    by: z.string().min(1).max(120),
  }),
  z.object({ type: z.literal('unblock'), compartment: CompartmentNo, by: z.string().min(1).max(120) }),
  z.object({
    type: z.literal('set_thresholds'),
    zone: Zone,
    limits: ZoneLimits.partial(),
    /** who changed them, for the station's audit log */
    by: z.string().min(1).max(120).optional(),
  }),
  z.object({
    type: z.literal('ack_alarm'),
    alarmId: z.string().min(1).max(64),
    by: z.string().min(1).max(120),
    note: z.string().max(500).default(''),
  }),
  z.object({
    type: z.literal('decide_hold'),
    tenant: OrderTenant,
    orderId: OrderId,
    parcelId: ParcelId,
    decision: z.enum(['release', 'discard']),
    by: z.string().min(1).max(120),
    why: z.string().min(1).max(500),
  }),
  z.object({ type: z.literal('resend_state') }),
  /**
   * A sales van's tour (signed): replaces the tour the van had. A customer's PIN of an order named at a
   * stop opens only at that stop (within its radius, or confirmed by the driver) and inside its window,
   * give or take the station's `van.graceMinutes`.
   */
  z.object({ type: z.literal('set_tour'), tour: Tour }),
  /** Reads the newest entries of the station's audit log (reply: `AuditLogResult`), one compartment's when given. */
  z.object({
    type: z.literal('read_audit'),
    limit: z.number().int().min(1).max(200).default(50),
    compartment: CompartmentNo.optional(),
  }),
  /**
   * Publishes again, on the events topic, the delivered events the station still keeps
   * (`mqtt.replayRetentionHours`) from `fromSeq` to `toSeq` (default: all), with their ids and seqs:
   * events a broker acknowledged but never passed on (a receiver's session lost) come back.
   */
  z.object({
    type: z.literal('replay_events'),
    fromSeq: z.number().int().min(1),
    toSeq: z.number().int().min(1).optional(),
  }),
]);
export type CommandBody = z.infer<typeof CommandBody>;
export type CommandType = CommandBody['type'];

/** Commands that open a door or release goods must be signed with the per-station command key. */
export const SIGNED_COMMANDS: ReadonlySet<CommandType> = new Set([
  'service_open',
  'decide_hold',
  'set_thresholds',
  'set_tour',
]);

/** Published QoS 1 and never retained. A station refuses a command after `expiresAt`. */
export const CommandMessage = z.object({
  v: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 characters of A-Z a-z 0-9 _ -'),
  stationId: StationId,
  issuedAt: IsoTime,
  expiresAt: IsoTime,
  command: CommandBody,
  /** hex HMAC-SHA256 over the canonical signing string, see signing.ts */
  sig: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type CommandMessage = z.infer<typeof CommandMessage>;

export const ReplyErrorCode = z.enum([
  'MALFORMED',
  'UNAUTHORISED',
  'EXPIRED',
  'NOT_YET_VALID',
  'RATE_LIMITED',
  'NO_FREE_COMPARTMENT',
  /** the reservation's tenant may use no compartment of this station (its `tenants` config) */
  'TENANT_NOT_ADMITTED',
  'UNKNOWN_ORDER',
  'UNKNOWN_COMPARTMENT',
  'UNKNOWN_ALARM',
  'ILLEGAL_TRANSITION',
  'DUPLICATE_ORDER',
  'BOARD_UNREACHABLE',
  'STORAGE_FAULT',
  'INTERNAL',
  // Domain codes that cross the boundary one to one (see domain/errors.ts).
  'UNKNOWN_PARCEL',
  'INVALID_DEADLINE',
  'CODE_SPACE_EXHAUSTED',
  'COMPARTMENT_BUSY',
  /** the station restarted while executing the command; its outcome is unknown, check state and events */
  'INTERRUPTED',
  // Cold-chain codes (see domain/coldchain/errors.ts).
  'INVALID_THRESHOLDS',
  /** frozen goods that thawed may only be discarded */
  'THAWED_NOT_RELEASABLE_AS_FROZEN',
  /** `set_tour` to a station whose config kind is not `van` */
  'NOT_A_VAN',
]);
export type ReplyErrorCode = z.infer<typeof ReplyErrorCode>;

/** One entry of a station's audit log: what happened at which door, why and by whom; never a code. */
export const AuditRecord = z.object({
  id: z.number().int(),
  at: IsoTime,
  /** unlock_requested, unlock_confirmed, door_opened, blocked, unblocked, hold_decided, deadline_extended, … */
  action: z.string().min(1).max(64),
  compartmentNo: z.number().int().nullable(),
  reason: z.string().nullable(),
  orderId: z.string().nullable(),
  parcelId: z.string().nullable(),
  by: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** The reply `result` of `read_audit`: newest last. */
export const AuditLogResult = z.object({ entries: z.array(AuditRecord) });
export type AuditLogResult = z.infer<typeof AuditLogResult>;

export const ReserveResult = z.object({
  orderId: OrderId,
  pickupPin: z.string(),
  qrToken: z.string(),
  parcels: z.array(
    z.object({
      parcelId: ParcelId,
      compartment: CompartmentNo,
      zone: Zone,
      size: Size,
      loadingCode: z.string(),
      deadline: IsoTime,
    }),
  ),
});
export type ReserveResult = z.infer<typeof ReserveResult>;

/** The reply to `replay_events`. */
export const ReplayResult = z.object({
  fromSeq: z.number().int().min(1),
  /** events published again, in seq order (at most MAX_REPLAY_EVENTS per command) */
  replayed: z.number().int().min(0),
  /** the seq of the last one published again; null when none */
  lastReplayedSeq: z.number().int().min(1).nullable(),
  /** the oldest delivered event still kept; events before it are gone. null when none is kept */
  oldestRetainedSeq: z.number().int().min(1).nullable(),
  /** true when more kept events are in the range: ask again from lastReplayedSeq + 1 */
  more: z.boolean(),
});
export type ReplayResult = z.infer<typeof ReplayResult>;
export const MAX_REPLAY_EVENTS = 1_000;

export const ReplyMessage = z.discriminatedUnion('ok', [
  z.object({
    v: z.literal(1),
    commandId: z.string(),
    stationId: StationId,
    at: IsoTime,
    /** true when this repeats the reply to an earlier command with the same id; clear codes are blanked */
    duplicate: z.boolean().optional(),
    ok: z.literal(true),
    result: z.record(z.string(), z.unknown()),
  }),
  z.object({
    v: z.literal(1),
    commandId: z.string(),
    stationId: StationId,
    at: IsoTime,
    duplicate: z.boolean().optional(),
    ok: z.literal(false),
    error: z.object({ code: ReplyErrorCode, message: z.string(), details: z.unknown().optional() }),
  }),
]);
export type ReplyMessage = z.infer<typeof ReplyMessage>;

/**
 * Result keys whose values are clear codes. The station delivers a code once: it blanks these values
 * in its stored copy of a reply as soon as the broker has acknowledged the reply.
 */
export const REPLY_SECRET_KEYS: ReadonlySet<string> = new Set([
  'pickupPin',
  'qrToken',
  'loadingCode',
  'retrievalCode',
  'code',
]);
