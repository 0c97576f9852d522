import { z } from 'zod';
import { IsoTime, OrderId } from './common.js';

/** WGS84 degrees, as gpsd reports them. */
export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

/** Where a van stops: a name people know, a point and how near the van must be to count as there. */
export const TourPlace = z.object({
  name: z.string().min(1).max(120),
  lat: Latitude,
  lon: Longitude,
  /** metres around the point within which the van is at the stop */
  radius: z.number().min(10).max(5_000),
});
export type TourPlace = z.infer<typeof TourPlace>;

export const TourStopId = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1–64 characters of A-Z a-z 0-9 _ . : -');

export const TourStop = z
  .object({
    stopId: TourStopId,
    place: TourPlace,
    /** when the van is planned to stand there; customers' PINs open inside it (plus the station's grace) */
    window: z.object({ from: IsoTime, to: IsoTime }),
    /** the orders handed out at this stop: their PINs open only here */
    orderIds: z.array(OrderId).max(500),
  })
  .refine((s) => Date.parse(s.window.from) < Date.parse(s.window.to), {
    message: 'window.from must lie before window.to',
    path: ['window', 'to'],
  });
export type TourStop = z.infer<typeof TourStop>;

/** A sales van's tour: its stops in the order it drives them. */
export const Tour = z
  .object({
    tourId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1–64 characters of A-Z a-z 0-9 _ . : -'),
    stops: z.array(TourStop).min(1).max(50),
  })
  .superRefine((t, ctx) => {
    const stops = new Set<string>();
    const orders = new Map<string, string>();
    t.stops.forEach((s, i) => {
      if (stops.has(s.stopId))
        ctx.addIssue({ code: 'custom', path: ['stops', i, 'stopId'], message: `stop ${s.stopId} twice` });
      stops.add(s.stopId);
      s.orderIds.forEach((o, j) => {
        const other = orders.get(o);
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['stops', i, 'orderIds', j],
            message: `order ${o} is already handed out at stop ${other}`,
          });
        orders.set(o, s.stopId);
      });
    });
  });
export type Tour = z.infer<typeof Tour>;

/** A position fix and when it was taken. */
export const GeoPosition = z.object({ lat: Latitude, lon: Longitude, at: IsoTime });
export type GeoPosition = z.infer<typeof GeoPosition>;

/** How the van was found at a stop: by GPS inside the stop's radius, or confirmed by the driver (GPS lost). */
export const StopArrival = z.enum(['gps', 'manual']);
export type StopArrival = z.infer<typeof StopArrival>;

/** The tour as the station accepted it, in the `tour.accepted` event: enough to draw it without the command. */
export const TourSummary = z.object({
  tourId: z.string(),
  stops: z.array(
    z.object({
      stopId: TourStopId,
      name: z.string(),
      lat: Latitude,
      lon: Longitude,
      radius: z.number(),
      from: IsoTime,
      to: IsoTime,
      orders: z.number().int().min(0),
    }),
  ),
});
export type TourSummary = z.infer<typeof TourSummary>;

/** The van's events (type prefix `tour.`): on the dashboard, not forwarded as webhooks. */
export const TourEventBodies = [
  z.object({ type: z.literal('tour.accepted'), ...TourSummary.shape }),
  z.object({
    type: z.literal('tour.stop_arrived'),
    tourId: z.string(),
    stopId: TourStopId,
    how: StopArrival,
    /** the fix that put the van there; null when the driver confirmed the stop by hand */
    position: GeoPosition.nullable(),
    /** minutes after the window's start (negative: early) */
    lateMinutes: z.number(),
    /** the driver's name or `driver` for a manual confirmation */
    by: z.string().optional(),
  }),
  z.object({
    type: z.literal('tour.stop_left'),
    tourId: z.string(),
    stopId: TourStopId,
    position: GeoPosition.nullable(),
  }),
  /** sent at most every `van.positionEventSeconds` while the van has a fix */
  z.object({ type: z.literal('tour.position'), tourId: z.string().nullable(), position: GeoPosition }),
] as const;
