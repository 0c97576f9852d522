import type { Tour, TourStop } from '@regiobox/contract';

/** A position the van had at a time (gpsd's TPV, or the simulator's). */
export interface Fix {
  readonly lat: number;
  readonly lon: number;
  readonly at: Date;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine; good to a few metres at a village's scale). */
export const distanceMeters = (a: { lat: number; lon: number }, b: { lat: number; lon: number }): number => {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
};

export const isWithin = (fix: { lat: number; lon: number }, stop: TourStop): boolean =>
  distanceMeters(fix, stop.place) <= stop.place.radius;

/** The stop a fix lies within; the first in tour order when radii overlap. */
export const stopAt = (tour: Tour, fix: { lat: number; lon: number }): TourStop | null =>
  tour.stops.find((s) => isWithin(fix, s)) ?? null;

export const stopOfOrder = (tour: Tour, orderId: string): TourStop | null =>
  tour.stops.find((s) => s.orderIds.includes(orderId)) ?? null;

/** Minutes after the window's start; negative when early. */
export const lateMinutes = (stop: TourStop, at: Date): number =>
  Math.round((at.getTime() - Date.parse(stop.window.from)) / 60_000);

/** Where the van is for the gate: the stop its fix lies in, or the one the driver confirmed. */
export interface VanWhereabouts {
  /** the stop the van stands at (by GPS or by the driver's confirmation); null while driving */
  readonly stopId: string | null;
}

export type PickupGate =
  | { readonly open: true }
  | {
      readonly open: false;
      /** the order's stop: where and when the van will be */
      readonly stop: TourStop;
      /** `elsewhere`: the van is not at the order's stop; `early`/`late`: it is, outside the window and grace */
      readonly why: 'elsewhere' | 'early' | 'late';
    };

/**
 * Whether an order's pickup may open now. An order of no stop of the tour is not gated (it was
 * reserved for the van, not for a stop). `now` null: the station has never known the time, and only
 * the place is judged.
 */
export const decidePickupGate = (
  tour: Tour | null,
  orderId: string,
  where: VanWhereabouts,
  now: Date | null,
  graceMinutes: number,
): PickupGate => {
  if (!tour) return { open: true };
  const stop = stopOfOrder(tour, orderId);
  if (!stop) return { open: true };
  if (where.stopId !== stop.stopId) return { open: false, stop, why: 'elsewhere' };
  if (now === null) return { open: true };
  const graceMs = graceMinutes * 60_000;
  if (now.getTime() < Date.parse(stop.window.from) - graceMs) return { open: false, stop, why: 'early' };
  if (now.getTime() > Date.parse(stop.window.to) + graceMs) return { open: false, stop, why: 'late' };
  return { open: true };
};
