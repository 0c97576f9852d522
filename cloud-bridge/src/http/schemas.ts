import {
  ColdChainRecord,
  CompartmentNo,
  CompartmentStateName,
  IsoTime,
  OrderId,
  ParcelId,
  ParcelState,
  ReplyErrorCode,
  Size,
  StationId,
  StationKind,
  Zone,
} from '@regiobox/contract';
import { z } from 'zod';

/**
 * The marketplace HTTP API, version 1: the single source of truth. Handlers validate with these
 * schemas, TypeScript types are inferred from them, and `openapi.yaml` is generated from them.
 */

/** Request bodies, converted as input (defaults make fields optional). */
export const requestSchemas = z.registry<{ id: string }>();
/** Response bodies, converted as output. */
export const responseSchemas = z.registry<{ id: string }>();

const Text = (max: number) => z.string().trim().min(1).max(max);

export const Problem = z
  .object({
    type: z
      .string()
      .describe('URI naming the kind of problem, e.g. urn:regiobox:problem:no-free-compartment'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable machine-readable code'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('one entry per invalid field of the request'),
    parcelId: z.string().optional().describe('the parcel that found no free compartment'),
  })
  .register(responseSchemas, { id: 'Problem' });

export const StationParams = z.object({ stationId: StationId });
export const OrderParams = z.object({ orderId: OrderId });
export const ParcelParams = z.object({ orderId: OrderId, parcelId: ParcelId });
export const ReservationParams = z.object({ reservationId: z.string().min(8).max(64) });
export const AlarmParams = z.object({ alarmId: z.string().min(1).max(64) });
export const CompartmentParams = z.object({
  stationId: StationId,
  no: z.coerce.number().pipe(CompartmentNo),
});

export const ReservationRequest = z
  .object({
    orderId: OrderId,
    parcels: z
      .array(
        z.object({
          parcelId: ParcelId,
          producer: Text(120),
          zone: Zone,
          size: Size,
          deadline: IsoTime.describe('pickup deadline; the parcel expires after it'),
        }),
      )
      .min(1)
      .max(24)
      .refine((ps) => new Set(ps.map((p) => p.parcelId)).size === ps.length, 'parcel ids must be unique'),
  })
  .register(requestSchemas, { id: 'ReservationRequest' });

export const ReservedParcel = z.object({
  parcelId: ParcelId,
  compartment: CompartmentNo,
  zone: Zone,
  size: Size,
  loadingCode: z.string().describe("the producer's code; shown once"),
  deadline: IsoTime,
});

export const Reservation = z
  .object({
    reservationId: z.string(),
    orderId: OrderId,
    stationId: StationId,
    status: z
      .enum(['queued', 'sent', 'reserved', 'rejected', 'expired', 'unanswered', 'withdrawn'])
      .describe(
        'queued: station offline, waits until expiresAt; sent: delivered, no answer yet; reserved: done; rejected: the station refused (see error); expired: never delivered; unanswered: delivered but never answered; withdrawn: cancelled before delivery',
      ),
    expiresAt: IsoTime,
    detail: z.string(),
    pickupPin: z
      .string()
      .optional()
      .describe("the customer's PIN; in the 201 answer or the first GET after it"),
    qrToken: z.string().optional(),
    parcels: z.array(ReservedParcel).optional(),
    error: z.object({ code: ReplyErrorCode, message: z.string() }).optional(),
  })
  .register(responseSchemas, { id: 'Reservation' });

export const CancelRequest = z
  .object({ reason: Text(200).default('cancelled by marketplace') })
  .register(requestSchemas, { id: 'CancelRequest' });
export const ExtendRequest = z
  .object({ deadline: IsoTime })
  .register(requestSchemas, { id: 'ExtendRequest' });
export const AckRequest = z
  .object({
    by: Text(120),
    note: z.string().max(500).default(''),
    stationId: StationId.optional().describe('only needed when two stations use the same alarm id'),
  })
  .register(requestSchemas, { id: 'AckRequest' });
export const ServiceOpenRequest = z
  .object({ operator: Text(120), reason: Text(200) })
  .register(requestSchemas, { id: 'ServiceOpenRequest' });

export const HoldDecisionRequest = z
  .object({
    decision: z
      .enum(['release', 'discard'])
      .describe('release: the goods may be collected; discard: they go back to the producer'),
    by: Text(120).describe('who decides; recorded with the decision'),
    why: Text(500).describe('why; recorded with the decision'),
  })
  .register(requestSchemas, { id: 'HoldDecisionRequest' });

export const CommandOutcome = z
  .object({
    commandId: z.string(),
    stationId: StationId,
    status: z.enum(['done', 'queued', 'sent']),
    expiresAt: IsoTime,
    detail: z.string(),
    result: z.record(z.string(), z.unknown()).optional(),
  })
  .register(responseSchemas, { id: 'CommandOutcome' });

const Availability = z.object({
  zone: z.string(),
  size: z.string(),
  free: z.number().int(),
  total: z.number().int(),
});

export const StationSummary = z
  .object({
    stationId: StationId,
    kind: StationKind.describe(
      'what kind of pick-up point: locker (locker wall or cold box), counter (a shop counter), van (a sales van on a tour); locker for stations that do not say',
    ),
    online: z.boolean(),
    state: z.enum(['online', 'offline', 'unknown']),
    lastSeenAt: IsoTime.nullable(),
    statusAt: IsoTime.nullable(),
    availability: z.array(Availability).describe('free and total compartments per zone and size'),
    openAlarms: z.number().int(),
    health: z.record(z.string(), z.unknown()).nullable(),
    capabilities: z.record(z.string(), z.unknown()).nullable(),
  })
  .register(responseSchemas, { id: 'StationSummary' });

export const StationList = z
  .object({ stations: z.array(StationSummary) })
  .register(responseSchemas, { id: 'StationList' });

export const Compartment = z.object({
  no: CompartmentNo,
  zone: z.string(),
  size: z.string(),
  state: CompartmentStateName,
  doorOpen: z.boolean().nullable(),
  occupied: z.boolean().nullable(),
  celsius: z.number().nullable(),
  orderId: z
    .string()
    .nullable()
    .describe("the order inside; null when empty or when the order is another tenant's"),
  tenant: z.string().nullable().describe('the tenant of `orderId`'),
  blockedReason: z.string().nullable(),
  tenants: z
    .array(z.string())
    .nullable()
    .describe('the tenants that may reserve it (reserved per tenant); null: the shared pool'),
  updatedAt: IsoTime,
});

export const StationDetail = StationSummary.extend({
  compartments: z.array(Compartment),
  probes: z.array(
    z.object({
      probeId: z.string(),
      compartment: CompartmentNo.nullable(),
      celsius: z.number().nullable(),
      status: z.enum(['ok', 'missing', 'fault']),
      at: IsoTime,
    }),
  ),
}).register(responseSchemas, { id: 'StationDetail' });

export const StoredEvent = z.object({
  eventId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  tenant: z.string().nullable().describe('the tenant of the order the event is about; null: a station event'),
  at: IsoTime,
  receivedAt: IsoTime,
  event: z.record(z.string(), z.unknown()).describe('the event body; codes are never included'),
});

export const EventList = z
  .object({ events: z.array(StoredEvent) })
  .register(responseSchemas, { id: 'EventList' });
export const EventQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});

// The station's record as the contract defines it, with the parcel it belongs to.
export const ColdChain = ColdChainRecord.extend({
  orderId: OrderId,
  parcelId: ParcelId,
  kind: z.enum(['pickup', 'hold']),
});

export const Order = z
  .object({
    tenant: z.string().describe('the tenant whose order it is: the one of the API key'),
    orderId: OrderId,
    stationId: StationId,
    state: z.enum([
      'reserved',
      'partially_loaded',
      'loaded',
      'picked_up',
      'expired',
      'retrieved',
      'cancelled',
    ]),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    parcels: z.array(
      z.object({
        parcelId: ParcelId,
        compartment: CompartmentNo,
        zone: z.string(),
        size: z.string(),
        deadline: IsoTime.nullable(),
        state: ParcelState,
      }),
    ),
    history: z.array(StoredEvent),
    coldChain: z.array(ColdChain),
  })
  .register(responseSchemas, { id: 'Order' });

export const Alarm = z.object({
  stationId: StationId,
  alarmId: z.string(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  compartment: CompartmentNo.nullable(),
  probeId: z.string().nullable(),
  detail: z.string(),
  state: z.enum(['open', 'cleared']),
  raisedAt: IsoTime,
  clearedAt: IsoTime.nullable(),
  acknowledged: z.object({ at: IsoTime, by: z.string(), note: z.string() }).nullable(),
});

export const AlarmList = z.object({ alarms: z.array(Alarm) }).register(responseSchemas, { id: 'AlarmList' });
export const AlarmQuery = z.object({
  state: z.enum(['open', 'cleared', 'all']).default('open'),
  stationId: StationId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const TemperatureQuery = z.object({
  from: IsoTime.optional().describe('default: 24 hours before `to`'),
  to: IsoTime.optional().describe('default: now'),
  resolutionSeconds: z.coerce.number().int().min(60).max(86_400).default(300),
});

export const TemperatureHistory = z
  .object({
    stationId: StationId,
    from: IsoTime,
    to: IsoTime,
    resolutionSeconds: z.number().int(),
    points: z.array(
      z.object({
        probeId: z.string(),
        compartment: CompartmentNo.nullable(),
        at: IsoTime,
        samples: z.number().int(),
        minCelsius: z.number().nullable(),
        avgCelsius: z.number().nullable(),
        maxCelsius: z.number().nullable(),
      }),
    ),
  })
  .register(responseSchemas, { id: 'TemperatureHistory' });

export const HaccpQuery = z.object({
  from: IsoTime.describe('start of the period (inclusive)'),
  to: IsoTime.describe('end of the period (exclusive)'),
});

export const Health = z
  .object({ status: z.enum(['ok', 'degraded']), mqtt: z.boolean() })
  .register(responseSchemas, { id: 'Health' });
