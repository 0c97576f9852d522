import { z } from 'zod';

/** The parts of the bridge's marketplace API (v1) the simulated marketplace and operators read. */
export const Reservation = z.object({
  reservationId: z.string(),
  orderId: z.string(),
  stationId: z.string(),
  status: z.string(),
  detail: z.string(),
  pickupPin: z.string().optional(),
  qrToken: z.string().optional(),
  parcels: z
    .array(
      z.object({
        parcelId: z.string(),
        compartment: z.number().int(),
        zone: z.string(),
        size: z.string(),
        loadingCode: z.string(),
        deadline: z.string(),
      }),
    )
    .optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type Reservation = z.infer<typeof Reservation>;

export const Problem = z.object({ status: z.number(), code: z.string(), detail: z.string() });

export const Alarm = z.object({
  stationId: z.string(),
  alarmId: z.string(),
  kind: z.string(),
  severity: z.string(),
  compartment: z.number().nullable(),
  probeId: z.string().nullable(),
  detail: z.string(),
  state: z.enum(['open', 'cleared']),
  raisedAt: z.string(),
  clearedAt: z.string().nullable(),
  acknowledged: z.object({ at: z.string(), by: z.string() }).nullable(),
});
export type Alarm = z.infer<typeof Alarm>;

export const StoredEvent = z.object({
  eventId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  at: z.string(),
  event: z.record(z.string(), z.unknown()),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

export const Order = z.object({
  orderId: z.string(),
  stationId: z.string(),
  state: z.string(),
  parcels: z.array(z.object({ parcelId: z.string(), compartment: z.number(), state: z.string() })),
  history: z.array(StoredEvent),
});
export type Order = z.infer<typeof Order>;

export const StationSummary = z.object({
  stationId: z.string(),
  online: z.boolean(),
  openAlarms: z.number(),
  availability: z.array(
    z.object({ zone: z.string(), size: z.string(), free: z.number(), total: z.number() }),
  ),
});

export const CommandOutcome = z.object({ commandId: z.string(), status: z.string(), detail: z.string() });

export interface ReservationRequest {
  readonly orderId: string;
  readonly parcels: readonly {
    parcelId: string;
    producer: string;
    zone: string;
    size: string;
    deadline: string;
  }[];
}
