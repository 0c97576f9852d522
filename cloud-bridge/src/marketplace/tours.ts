import { EventBody, type GeoPosition, type TourSummary } from '@regiobox/contract';
import { z } from 'zod';
import type { FleetStore, StoredEvent } from '../store/fleet-store.js';

/** One stop of a van's tour as the fleet view shows it. */
export const TourStopStatus = z.object({
  stopId: z.string(),
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
  radius: z.number(),
  from: z.string(),
  to: z.string(),
  orders: z.number().int(),
  /** `here`: the van stands there; `done`: it came and left; `ahead`: not reached yet */
  state: z.enum(['here', 'done', 'ahead']),
  arrivedAt: z.string().nullable(),
  /** `gps`, or `manual` when the driver confirmed the stop by hand (GPS lost) */
  how: z.enum(['gps', 'manual']).nullable(),
  leftAt: z.string().nullable(),
  /** minutes after the window's start at arrival; negative: early */
  lateMinutes: z.number().nullable(),
});

const Position = z.object({ lat: z.number(), lon: z.number(), at: z.string() });

/** A van's tour, where it is, how late it runs, where it was last and when it last spoke. */
export const TourStatus = z.object({
  stationId: z.string(),
  tourId: z.string(),
  /** the stop the van stands at; null while it drives */
  currentStopId: z.string().nullable(),
  /** how late the van runs now, in minutes (0 when on time or early) */
  lateMinutes: z.number(),
  lastPosition: Position.nullable(),
  /** the last time the bridge heard from the van (any message) */
  lastContactAt: z.string().nullable(),
  stops: z.array(TourStopStatus),
});
export type TourStatus = z.infer<typeof TourStatus>;

type Accepted = TourSummary & { acceptedSeq: number };

const parse = (e: StoredEvent): EventBody | null => {
  const r = EventBody.safeParse({ ...e.event, type: e.type });
  return r.success ? r.data : null;
};

/**
 * The van's newest tour and its progress from the station's `tour.*` events (oldest first): the
 * events are the van's own record, delivered in order after every drop of its link, so the view needs
 * no state of its own and is the same on every bridge instance.
 */
export const tourStatusFromEvents = (
  stationId: string,
  events: readonly StoredEvent[],
  lastContactAt: string | null,
  now: Date,
): TourStatus | null => {
  let tour: Accepted | null = null;
  let lastPosition: GeoPosition | null = null;
  const visits = new Map<
    string,
    { arrivedAt: string; how: 'gps' | 'manual'; late: number; leftAt: string | null }
  >();
  let current: string | null = null;
  for (const stored of [...events].sort((a, b) => a.seq - b.seq)) {
    const e = parse(stored);
    if (!e) continue;
    if (e.type === 'tour.accepted') {
      tour = { tourId: e.tourId, stops: e.stops, acceptedSeq: stored.seq };
      visits.clear();
      current = null;
    } else if (e.type === 'tour.stop_arrived' && e.tourId === tour?.tourId) {
      visits.set(e.stopId, { arrivedAt: stored.at, how: e.how, late: e.lateMinutes, leftAt: null });
      current = e.stopId;
      if (e.position) lastPosition = e.position;
    } else if (e.type === 'tour.stop_left' && e.tourId === tour?.tourId) {
      const v = visits.get(e.stopId);
      if (v) v.leftAt = stored.at;
      if (current === e.stopId) current = null;
      if (e.position) lastPosition = e.position;
    } else if (e.type === 'tour.position') {
      lastPosition = e.position;
    }
  }
  if (!tour) return null;
  const stops = tour.stops.map((s) => {
    const v = visits.get(s.stopId);
    return {
      ...s,
      state: current === s.stopId ? ('here' as const) : v ? ('done' as const) : ('ahead' as const),
      arrivedAt: v?.arrivedAt ?? null,
      how: v?.how ?? null,
      leftAt: v?.leftAt ?? null,
      lateMinutes: v?.late ?? null,
    };
  });
  return {
    stationId,
    tourId: tour.tourId,
    currentStopId: current,
    lateMinutes: runningLate(stops, current, now),
    lastPosition,
    lastContactAt,
    stops,
  };
};

/** At a stop: how late it arrived there; on the road: how far past the next stop's start it is. */
const runningLate = (
  stops: readonly { stopId: string; state: string; from: string; lateMinutes: number | null }[],
  current: string | null,
  now: Date,
): number => {
  const here = stops.find((s) => s.stopId === current);
  if (here) return Math.max(0, here.lateMinutes ?? 0);
  const next = stops.find((s) => s.state === 'ahead');
  const last = [...stops].reverse().find((s) => s.state === 'done');
  const lastLate = Math.max(0, last?.lateMinutes ?? 0);
  if (!next) return lastLate;
  const pastStart = Math.floor((now.getTime() - Date.parse(next.from)) / 60_000);
  return Math.max(lastLate, pastStart, 0);
};

const PAGE = 500;
/** how far back the newest tour is looked for: a day of a busy van is well under this */
const MAX_PAGES = 20;

/** The van's tour status from the store, or null when it never accepted a tour. */
export const readTourStatus = async (
  store: Pick<FleetStore, 'stationEvents'>,
  stationId: string,
  lastContactAt: string | null,
  now: Date,
): Promise<TourStatus | null> => {
  const events: StoredEvent[] = [];
  let beforeSeq: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = await store.stationEvents(stationId, { limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) });
    events.push(...batch);
    if (batch.length < PAGE || batch.some((e) => e.type === 'tour.accepted')) break;
    beforeSeq = Math.min(...batch.map((e) => e.seq));
  }
  return tourStatusFromEvents(stationId, events, lastContactAt, now);
};
