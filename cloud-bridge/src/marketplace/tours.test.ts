import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/fleet-store.js';
import { tourStatusFromEvents } from './tours.js';

const STATION = 'verkaufswagen-1';
let seq = 0;
const stored = (at: string, event: Record<string, unknown> & { type: string }): StoredEvent => {
  seq += 1;
  const { type, ...body } = event;
  return {
    eventId: `e-${seq}`,
    stationId: STATION,
    seq,
    type,
    tenant: null,
    at,
    receivedAt: at,
    event: { type, ...body },
  };
};
const stop = (stopId: string, name: string, lat: number, lon: number, from: string, to: string) => ({
  stopId,
  name,
  lat,
  lon,
  radius: 150,
  from,
  to,
  orders: 2,
});
const accepted = stored('2026-05-04T05:30:00.000Z', {
  type: 'tour.accepted',
  tourId: 'tour-1',
  stops: [
    stop('luebben', 'Lübben', 51.9416, 13.8925, '2026-05-04T08:00:00Z', '2026-05-04T08:30:00Z'),
    stop('straupitz', 'Straupitz', 51.9128, 13.9462, '2026-05-04T09:00:00Z', '2026-05-04T09:20:00Z'),
  ],
});
const pos = (lat: number, lon: number, at: string) => ({ lat, lon, at });

describe("the fleet view of a van's tour", () => {
  it('shows the stop the van stands at, how late it arrived, its last position and last contact', () => {
    const events = [
      accepted,
      stored('2026-05-04T08:07:00.000Z', {
        type: 'tour.stop_arrived',
        tourId: 'tour-1',
        stopId: 'luebben',
        how: 'gps',
        position: pos(51.9417, 13.8926, '2026-05-04T08:07:00.000Z'),
        lateMinutes: 7,
      }),
    ];
    const view = tourStatusFromEvents(
      STATION,
      events,
      '2026-05-04T08:09:00.000Z',
      new Date('2026-05-04T08:10:00Z'),
    );
    expect(view).toMatchObject({
      tourId: 'tour-1',
      currentStopId: 'luebben',
      lateMinutes: 7,
      lastPosition: { lat: 51.9417, lon: 13.8926 },
      lastContactAt: '2026-05-04T08:09:00.000Z',
    });
    expect(view?.stops.map((s) => [s.stopId, s.state, s.how])).toEqual([
      ['luebben', 'here', 'gps'],
      ['straupitz', 'ahead', null],
    ]);
  });

  it('on the road: late by how far past the next stop’s start it is; a stop confirmed by hand says so', () => {
    const events = [
      accepted,
      stored('2026-05-04T08:00:00.000Z', {
        type: 'tour.stop_arrived',
        tourId: 'tour-1',
        stopId: 'luebben',
        how: 'manual',
        position: null,
        lateMinutes: 0,
        by: 'driver',
      }),
      stored('2026-05-04T08:40:00.000Z', {
        type: 'tour.stop_left',
        tourId: 'tour-1',
        stopId: 'luebben',
        position: null,
      }),
      stored('2026-05-04T09:05:00.000Z', {
        type: 'tour.position',
        tourId: 'tour-1',
        position: pos(51.93, 13.92, '2026-05-04T09:05:00.000Z'),
      }),
    ];
    const view = tourStatusFromEvents(STATION, events, null, new Date('2026-05-04T09:12:00Z'));
    expect(view?.currentStopId).toBeNull();
    expect(view?.lateMinutes).toBe(12);
    expect(view?.lastPosition).toEqual(pos(51.93, 13.92, '2026-05-04T09:05:00.000Z'));
    expect(view?.stops[0]).toMatchObject({
      state: 'done',
      how: 'manual',
      leftAt: '2026-05-04T08:40:00.000Z',
    });
  });

  it('is null for a station that never accepted a tour, and follows the newest tour when there are two', () => {
    expect(tourStatusFromEvents(STATION, [], null, new Date())).toBeNull();
    const second = stored('2026-05-05T05:30:00.000Z', {
      type: 'tour.accepted',
      tourId: 'tour-2',
      stops: [stop('burg', 'Burg', 51.84, 14.15, '2026-05-05T08:00:00Z', '2026-05-05T08:30:00Z')],
    });
    const view = tourStatusFromEvents(STATION, [second, accepted], null, new Date('2026-05-05T07:00:00Z'));
    expect(view?.tourId).toBe('tour-2');
    expect(view?.stops.map((s) => s.stopId)).toEqual(['burg']);
  });
});
