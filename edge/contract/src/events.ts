import { z } from 'zod';
import { CompartmentNo, IsoTime, OrderId, OrderTenant, ParcelId, Size, StationId, Zone } from './common.js';
import { TourEventBodies } from './tours.js';

/** Every order and parcel event names the order's tenant; absent (older stations): `default`. */
const OrderRef = { tenant: OrderTenant, orderId: OrderId };
const ParcelRef = { ...OrderRef, parcelId: ParcelId, compartment: CompartmentNo };

export const ColdChainRecord = z.object({
  compartment: CompartmentNo,
  zone: Zone,
  from: IsoTime,
  to: IsoTime,
  samples: z.number().int().min(0),
  minCelsius: z.number().nullable(),
  maxCelsius: z.number().nullable(),
  minutesAboveLimit: z.number().min(0),
  /** time without a trusted reading (probe missing, station down): neither above nor within the limit */
  minutesUnknown: z.number().min(0).optional(),
  limitCelsius: z.number().nullable(),
  breached: z.boolean(),
});
export type ColdChainRecord = z.infer<typeof ColdChainRecord>;

export const UnlockReason = z.enum(['loading', 'pickup', 'retrieval', 'service_local', 'service_remote']);
export type UnlockReason = z.infer<typeof UnlockReason>;

export const AlarmKind = z.enum([
  'temperature_high',
  'temperature_low',
  'door_left_open',
  'door_forced',
  'probe_missing',
  'probe_stuck',
  'probe_implausible',
  'board_unreachable',
  'wrong_codes',
  'power_restored',
  'storage_fault',
  'clock_unsynced',
  'cold_chain_breach',
  'occupancy_mismatch',
  'serial_line_noisy',
]);
export const AlarmSeverity = z.enum(['info', 'warning', 'critical']);

/**
 * Every event payload, discriminated by `type`. The clear codes appear only in `codes.issued`,
 * exactly once; the station keeps nothing but their MACs afterwards.
 */
export const EventBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('order.reserved'),
    ...OrderRef,
    parcels: z.array(
      z.object({ parcelId: ParcelId, compartment: CompartmentNo, zone: Zone, size: Size, deadline: IsoTime }),
    ),
  }),
  z.object({
    type: z.literal('codes.issued'),
    ...OrderRef,
    pickupPin: z.string().optional(),
    qrToken: z.string().optional(),
    loadingCodes: z.array(z.object({ parcelId: ParcelId, code: z.string() })).default([]),
    retrievalCodes: z.array(z.object({ parcelId: ParcelId, code: z.string() })).default([]),
    validUntil: IsoTime,
  }),
  z.object({ type: z.literal('parcel.loaded'), ...ParcelRef }),
  z.object({ type: z.literal('parcel.picked_up'), ...ParcelRef, coldChain: ColdChainRecord.nullable() }),
  z.object({ type: z.literal('parcel.expired'), ...ParcelRef }),
  z.object({ type: z.literal('parcel.retrieved'), ...ParcelRef }),
  z.object({ type: z.literal('parcel.held'), ...ParcelRef, reason: z.string(), coldChain: ColdChainRecord }),
  z.object({
    type: z.literal('parcel.hold_decided'),
    ...ParcelRef,
    decision: z.enum(['release', 'discard']),
    by: z.string(),
    why: z.string(),
  }),
  z.object({ type: z.literal('order.picked_up'), ...OrderRef }),
  z.object({ type: z.literal('order.expired'), ...OrderRef }),
  z.object({ type: z.literal('order.cancelled'), ...OrderRef, reason: z.string() }),
  z.object({ type: z.literal('order.extended'), ...OrderRef, deadline: IsoTime }),
  z.object({ type: z.literal('order.reminder'), ...OrderRef, deadline: IsoTime }),
  z.object({
    type: z.literal('compartment.unlocked'),
    compartment: CompartmentNo,
    reason: UnlockReason,
    orderId: OrderId.nullable(),
    /** the tenant of `orderId`; absent when there is no order (or from older stations) */
    tenant: OrderTenant,
    by: z.string().nullable(),
    outcome: z.enum(['confirmed', 'unknown']),
  }),
  z.object({ type: z.literal('compartment.door'), compartment: CompartmentNo, open: z.boolean() }),
  z.object({
    type: z.literal('compartment.blocked'),
    compartment: CompartmentNo,
    reason: z.string(),
    by: z.string(),
  }),
  z.object({ type: z.literal('compartment.unblocked'), compartment: CompartmentNo, by: z.string() }),
  z.object({
    type: z.literal('compartment.occupancy'),
    compartment: CompartmentNo,
    expected: z.enum(['empty', 'occupied']),
    actual: z.enum(['empty', 'occupied']),
  }),
  z.object({
    type: z.literal('code.rejected'),
    attempts: z.number().int().min(1),
    lockedForMs: z.number().int().min(0),
  }),
  z.object({
    type: z.literal('alarm.raised'),
    alarmId: z.string(),
    kind: AlarmKind,
    severity: AlarmSeverity,
    compartment: CompartmentNo.nullable(),
    probeId: z.string().nullable(),
    detail: z.string(),
  }),
  z.object({
    type: z.literal('alarm.cleared'),
    alarmId: z.string(),
    kind: AlarmKind,
    /** how it ended, where that says more than the kind (clock_unsynced: the correction applied) */
    detail: z.string().optional(),
  }),
  z.object({ type: z.literal('alarm.acknowledged'), alarmId: z.string(), by: z.string(), note: z.string() }),
  z.object({
    type: z.literal('station.daily_summary'),
    /** the UTC day summarised, YYYY-MM-DD */
    day: z.string(),
    pickups: z.number().int(),
    loads: z.number().int(),
    alarms: z.number().int(),
    /** parcels whose pickup deadline passed that day without a pickup (absent from older stations) */
    expiries: z.number().int().min(0).optional(),
    /** temperature_high and temperature_low alarms raised that day */
    excursions: z.number().int().min(0).optional(),
    /** minutes of the day in which the station sampled its probes (it ran); absent without probes */
    uptimeMinutes: z.number().int().min(0).max(1440).optional(),
    /** per zone and size: compartments configured, parcels loaded and picked up that day */
    compartmentUse: z
      .array(
        z.object({
          zone: Zone,
          size: Size,
          compartments: z.number().int().min(0),
          loads: z.number().int().min(0),
          pickups: z.number().int().min(0),
        }),
      )
      .optional(),
  }),
  ...TourEventBodies,
]);
export type EventBody = z.infer<typeof EventBody>;
export type EventType = EventBody['type'];

/** What goes over the wire: the body plus its identity. `at` is when it happened, not when it was sent. */
export const EventMessage = z.object({
  v: z.literal(1),
  id: z.string().min(1).max(64),
  stationId: StationId,
  seq: z.number().int().min(1),
  at: IsoTime,
  /** true when `at` was stamped before the station's clock was synchronised */
  clockUnsynced: z.boolean().optional(),
  /**
   * Set when the station corrected `at` after its clock was synchronised (the event was still waiting
   * to be sent): the time the unsynchronised clock had stamped. Events already sent are not corrected.
   */
  clockCorrectedFrom: IsoTime.optional(),
  event: EventBody,
});
export type EventMessage = z.infer<typeof EventMessage>;
