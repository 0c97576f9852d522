import type { Tour } from '@regiobox/contract';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VanConfig } from '../config/van.js';
import { customerCollects, producerLoads } from '../station/testing/actors.js';
import { StationFixture } from '../station/testing/station-fixture.js';
import { AuditRepo } from '../store/audit-repo.js';
import { SteeredPosition } from './position.js';
import { TourKeeper } from './tour-keeper.js';

// Two villages 5 km apart in the Spreewald; the fixture's clock starts at 2026-03-02T08:00Z.
const LUEBBEN = { name: 'Lübben, Marktplatz', lat: 51.9416, lon: 13.8925, radius: 150 };
const STRAUPITZ = { name: 'Straupitz, Dorfanger', lat: 51.9128, lon: 13.9462, radius: 150 };
const TOUR: Tour = {
  tourId: 'tour-0302',
  stops: [
    {
      stopId: 'luebben',
      place: LUEBBEN,
      window: { from: '2026-03-02T08:00:00Z', to: '2026-03-02T08:30:00Z' },
      orderIds: ['A-1'],
    },
    {
      stopId: 'straupitz',
      place: STRAUPITZ,
      window: { from: '2026-03-02T09:00:00Z', to: '2026-03-02T09:30:00Z' },
      orderIds: ['B-1'],
    },
  ],
};
const MIN = 60_000;

describe('a sales van on its tour', () => {
  let f: StationFixture;
  let van: TourKeeper;
  let gps: SteeredPosition;
  const drive = (place: { lat: number; lon: number }) => gps.moveTo({ ...place, at: f.clock.current.now() });
  const pins: Record<string, string> = {};

  beforeEach(async () => {
    gps = new SteeredPosition();
    f = new StationFixture({
      pickupGate: (db, outbox, clock) => {
        van = new TourKeeper({
          db,
          outbox,
          clock,
          logger: pino({ level: 'silent' }),
          config: VanConfig.parse({ graceMinutes: 15, driverCodeFile: '/unused' }),
          position: gps,
          judgeNow: () => clock.now(),
          driverCode: '4711',
        });
        van.start();
        return (orderId) => van.gate(orderId);
      },
    });
    await f.start();
    for (const orderId of ['A-1', 'B-1']) {
      const r = await f.station.reserve({
        orderId,
        parcels: [{ parcelId: `${orderId}-milk`, producer: 'Hof Schulze', zone: 'chilled', size: 'S' }],
      });
      pins[orderId] = r.pickupPin;
      await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    }
    van.setTour(TOUR);
  });
  afterEach(async () => {
    await van.stop();
    f.close();
  });

  it("opens a customer's PIN at the order's stop inside its window, and refuses it at another stop, naming where and when", async () => {
    drive(LUEBBEN);
    const atLuebben = await f.station.submitCode(pins['B-1'] ?? '', 'keypad');
    expect(atLuebben).toMatchObject({
      ok: false,
      reason: 'WRONG_STOP',
      stop: {
        stopId: 'straupitz',
        name: 'Straupitz, Dorfanger',
        from: '2026-03-02T09:00:00Z',
        to: '2026-03-02T09:30:00Z',
        why: 'elsewhere',
      },
    });
    expect(atLuebben.message).toContain('Straupitz, Dorfanger');
    const collected = await customerCollects(f, pins['A-1'] ?? '');
    expect(collected.ok).toBe(true);
    expect(f.parcel('A-1', 'A-1-milk')?.state).toBe('picked_up');
    // refused for its place, the PIN was no wrong guess: no try was used up
    expect(f.eventsOf('code.rejected')).toEqual([]);

    f.clock.advance(40 * MIN);
    drive({ lat: 51.93, lon: 13.92 }); // between the villages
    f.clock.advance(15 * MIN);
    drive(STRAUPITZ);
    expect((await customerCollects(f, pins['B-1'] ?? '')).ok).toBe(true);
    expect(f.eventsOf('tour.stop_arrived').map((e) => [e.stopId, e.how, e.lateMinutes])).toEqual([
      ['luebben', 'gps', 0],
      ['straupitz', 'gps', -5],
    ]);
    expect(f.eventsOf('tour.stop_left').map((e) => e.stopId)).toEqual(['luebben']);
  });

  it('keeps the window with van.graceMinutes: 16 minutes early is refused as early, 14 minutes early opens', async () => {
    f.clock.advance(44 * MIN); // 08:44, the Straupitz window opens at 09:00
    drive(STRAUPITZ);
    expect(await f.station.submitCode(pins['B-1'] ?? '', 'keypad')).toMatchObject({
      ok: false,
      reason: 'WRONG_STOP',
      stop: { why: 'early' },
    });
    f.clock.advance(2 * MIN);
    drive(STRAUPITZ);
    expect((await customerCollects(f, pins['B-1'] ?? '')).ok).toBe(true);
  });

  it('lets the driver confirm a stop by hand only while GPS is lost and with the driver code, recorded as manual', async () => {
    drive({ lat: 51.93, lon: 13.92 });
    expect(() => van.confirmStopByHand('luebben', '4711')).toThrow(
      expect.objectContaining({ code: 'GPS_AVAILABLE' }),
    );
    f.clock.advance(2 * MIN); // the fix is older than van.fixMaxAgeSeconds: GPS lost
    expect(van.view()?.gps).toBe('lost');
    expect(() => van.confirmStopByHand('luebben', '0000')).toThrow(
      expect.objectContaining({ code: 'WRONG_DRIVER_CODE' }),
    );
    expect(await f.station.submitCode(pins['A-1'] ?? '', 'keypad')).toMatchObject({ reason: 'WRONG_STOP' });

    van.confirmStopByHand('luebben', '4711');
    expect((await customerCollects(f, pins['A-1'] ?? '')).ok).toBe(true);
    expect(f.eventsOf('tour.stop_arrived')).toEqual([
      expect.objectContaining({ stopId: 'luebben', how: 'manual', position: null, by: 'driver' }),
    ]);
    const audit = new AuditRepo(f.db).list({ limit: 50 }).map((r) => r.action);
    expect(audit).toContain('stop_confirmed_by_hand');
    expect(audit).toContain('stop_confirm_refused');
    expect(van.view()?.here).toEqual({ stopId: 'luebben', name: 'Lübben, Marktplatz', how: 'manual' });
  });

  it('lets an order that no stop names open anywhere (reserved for the van, not for a stop)', async () => {
    const r = await f.station.reserve({
      orderId: 'C-1',
      parcels: [{ parcelId: 'C-1-bread', producer: 'Bäckerei', zone: 'ambient', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    drive({ lat: 51.93, lon: 13.92 });
    expect((await customerCollects(f, r.pickupPin)).ok).toBe(true);
  });
});
