import type { Tour } from '@regiobox/contract';
import type { StopVisit } from '../store/tour-repo.js';

export interface TourStopView {
  readonly stopId: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** `here`: the van stands there; `done`: it has been and left; `ahead`: not yet reached */
  readonly state: 'here' | 'done' | 'ahead';
}

/** The van's tour as its screen shows it. */
export interface TourView {
  readonly tourId: string;
  readonly gps: 'fix' | 'lost';
  /** the stop the van stands at, and whether GPS or the driver put it there */
  readonly here: { readonly stopId: string; readonly name: string; readonly how: 'gps' | 'manual' } | null;
  /** the first stop not yet reached */
  readonly next: {
    readonly stopId: string;
    readonly name: string;
    readonly from: string;
    readonly to: string;
  } | null;
  readonly stops: TourStopView[];
}

export const tourView = (
  tour: Tour,
  visits: readonly StopVisit[],
  open: StopVisit | null,
  gpsFix: boolean,
): TourView => {
  const visited = new Set(visits.map((v) => v.stopId));
  const stops = tour.stops.map(
    (s): TourStopView => ({
      stopId: s.stopId,
      name: s.place.name,
      from: s.window.from,
      to: s.window.to,
      state: open?.stopId === s.stopId ? 'here' : visited.has(s.stopId) ? 'done' : 'ahead',
    }),
  );
  const hereStop = open ? tour.stops.find((s) => s.stopId === open.stopId) : undefined;
  const next = stops.find((s) => s.state === 'ahead');
  return {
    tourId: tour.tourId,
    gps: gpsFix ? 'fix' : 'lost',
    here: hereStop && open ? { stopId: hereStop.stopId, name: hereStop.place.name, how: open.how } : null,
    next: next ? { stopId: next.stopId, name: next.name, from: next.from, to: next.to } : null,
    stops,
  };
};
