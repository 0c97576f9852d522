import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockWatch, type TimeService } from '../monitoring/clock-watch.js';
import type { ReserveResult } from './api.js';
import { customerCollects, producerLoads } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Code validity and deadlines against a wall clock that jumps. The station's clock watch (as in
 * station.ts) judges deadlines; timesyncd's marker lives in the fixture's temp dir.
 */
describe('codes and deadlines when the wall clock jumps', () => {
  let f: StationFixture;
  let watch: ClockWatch;
  let service: TimeService;
  let r: ReserveResult;

  const ntpSyncs = () => {
    writeFileSync(service.marker, '');
    const at = f.clock.current.now();
    utimesSync(service.marker, at, at);
  };

  beforeEach(async () => {
    f = new StationFixture({
      deadlines: (db, clock) => {
        watch = new ClockWatch({ db, clock, logger: pino({ level: 'silent' }), timeService: service });
        return watch;
      },
    });
    mkdirSync(join(f.dir, 'timesync'));
    service = { marker: join(f.dir, 'timesync', 'synchronized'), presentIf: [join(f.dir, 'timesync')] };
    ntpSyncs();
    await f.start();
    r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [
        {
          parcelId: 'milk',
          producer: 'Hof Krüger',
          zone: 'chilled',
          size: 'S',
          deadline: '2026-03-02T20:00:00.000Z',
        },
      ],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
  });
  afterEach(() => f.close());

  it('a clock that leaps a month ahead without a sync expires nothing: the customer still collects', async () => {
    f.clock.advance(HOUR);
    f.clock.current.jumpWall(30 * DAY);
    watch.check();
    expect(watch.status()).toEqual({ state: 'unsynced', reason: 'jumped' });
    expect(await f.station.processDeadlines()).toEqual({ reminded: 0, expiredParcels: 0, expiredCodes: 0 });
    expect(f.parcel('O-1', 'milk')?.state).toBe('loaded');
    await customerCollects(f, r.pickupPin);
    expect(f.parcel('O-1', 'milk')?.state).toBe('picked_up');
  });

  it('once timesyncd confirms the leap, the deadline has passed: the parcel expires and the PIN says so', async () => {
    f.clock.advance(HOUR);
    f.clock.current.jumpWall(30 * DAY);
    watch.check();
    f.clock.advance(5_000);
    ntpSyncs();
    watch.check();
    expect(await f.station.processDeadlines()).toMatchObject({ expiredParcels: 1 });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: false, reason: 'EXPIRED' });
  });

  it('a clock set back a day revives no PIN that had expired, recorded or not', async () => {
    f.clock.advance(13 * HOUR); // past the 20:00 deadline
    watch.check();
    // the deadline job has not run yet: nothing is recorded as expired
    f.clock.current.jumpWall(-DAY);
    watch.check();
    expect(watch.status()).toEqual({ state: 'unsynced', reason: 'behind_known_time' });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(await f.station.processDeadlines()).toMatchObject({ expiredParcels: 1 });
    expect(f.parcel('O-1', 'milk')?.state).toBe('expired');
    expect(f.hw.pulses).toHaveLength(1); // the loading only
  });

  it('a Pi that boots with last week’s time and no sync yet expires nothing it did not know had expired', async () => {
    f.clock.advance(HOUR);
    watch.check();
    watch.persist();
    f.crash();
    rmSync(service.marker); // /run is empty after a reboot until timesyncd syncs
    f.clock.current.jumpWall(-7 * DAY);
    await f.restart();
    expect(watch.status()).toEqual({ state: 'unsynced', reason: 'not_synchronised' });
    expect(await f.station.processDeadlines()).toMatchObject({ expiredParcels: 0 });
    await customerCollects(f, r.pickupPin);
    expect(f.parcel('O-1', 'milk')?.state).toBe('picked_up');
  });
});
