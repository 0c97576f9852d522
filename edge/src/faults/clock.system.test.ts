import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import { TestMarketplace } from '../link/testing/marketplace.js';
import { TestBroker } from '../link/testing/test-broker.js';
import { until } from '../link/testing/until.js';
import { FaultRig, STATION } from './testing/fault-rig.js';
import { allDelivered, bodies, latestStatus, oneTo, seqs } from './testing/market-view.js';

describe('fault: the station boots with a wrong clock and NTP corrects it later', () => {
  let broker: TestBroker;
  let market: TestMarketplace;
  let rig: FaultRig;

  /** timesyncd has synchronised the clock: its marker appears, stamped with the new time */
  const ntpSyncs = (clock: ManualClock) => {
    writeFileSync(rig.timesync.marker, '');
    utimesSync(rig.timesync.marker, clock.now(), clock.now());
  };

  beforeEach(async () => {
    broker = await TestBroker.start();
    market = await TestMarketplace.connect(broker.url, STATION);
    // a manual clock moves in steps: probes count as missing only after a long silence
    rig = new FaultRig({
      brokerUrl: broker.url,
      timesyncd: true,
      alarmSettings: { probeMissingAfterSeconds: 300 },
    });
    await rig.plugBoard();
  });
  afterEach(async () => {
    await rig.close();
    await market.close();
    await broker.close();
  });

  it('expires nothing it could not know had expired, revives nothing, says its clock is unsynced, and re-stamps what waited once NTP is back', async () => {
    // --- the day before: a synchronised station takes two orders; the bread expires at 09:00 ---
    const yesterday = new ManualClock('2026-03-02T08:59:50.000Z');
    ntpSyncs(yesterday);
    let station = await rig.start(yesterday);
    const milk = await station.service.reserve({
      orderId: 'order-milk',
      parcels: [
        {
          parcelId: 'milk',
          producer: 'Hof Krüger',
          zone: 'chilled',
          size: 'S',
          deadline: '2026-03-03T18:00:00.000Z',
        },
      ],
    });
    const bread = await station.service.reserve({
      orderId: 'order-bread',
      parcels: [
        {
          parcelId: 'bread',
          producer: 'Bäckerei',
          zone: 'ambient',
          size: 'S',
          deadline: '2026-03-02T09:00:00.000Z',
        },
      ],
    });
    expect(await rig.enterCode(milk.parcels[0]?.loadingCode ?? '')).toMatchObject({ ok: true });
    await rig.useDoor(2, true, 'loaded');
    expect(await rig.enterCode(bread.parcels[0]?.loadingCode ?? '')).toMatchObject({ ok: true });
    await rig.useDoor(1, true, 'loaded');
    yesterday.advance(20_000);
    expect(await station.service.processDeadlines()).toMatchObject({ expiredParcels: 1 });
    await until('delivered', () => station.outbox.size().events === 0);
    await rig.stop();

    // --- power cut. Four hours later the Pi boots thinking it is a week earlier; no NTP yet ---
    rmSync(rig.timesync.marker); // /run is empty after a reboot
    const pi = new ManualClock('2026-02-23T09:00:00.000Z');
    const realBootTime = Date.parse('2026-03-02T13:00:10.000Z');
    station = await rig.start(pi);
    expect(station.health().clock).toBe('unsynced');
    await until('a birth saying the clock is unsynced, and nothing else wrong', () => {
      const s = latestStatus([market]);
      return s?.state === 'online' && s.health?.clock === 'unsynced' && s.health.board === 'ok';
    });
    // the kiosk serves as usual: an unsynchronised clock is no reason to turn customers away
    expect((await rig.kioskStatus()).outOfService).toBeNull();

    // the mobile network is down too, so what happens now waits in the outbox
    await broker.stopNetwork();
    await until('offline', () => station.link?.state !== 'online');
    pi.advance(2_000);
    await until('clock_unsynced raised', () =>
      station.monitor.alarms.active().some((a) => a.kind === 'clock_unsynced'),
    );
    // the expired bread stays expired though the clock now says it is a week before its deadline
    expect(await rig.enterCode(bread.pickupPin)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    // the milk's PIN is valid by everything the station knows: the customer collects
    pi.advance(60_000);
    expect(await rig.enterCode(milk.pickupPin)).toMatchObject({ ok: true, compartments: [{ no: 2 }] });
    await rig.useDoor(2, false, 'free');
    expect(rig.pulsedChannels()).toEqual([1, 0, 1]);

    // --- NTP: the clock steps to the real time, 62 s after the boot ---
    pi.jumpWall(realBootTime + 62_000 - pi.now().getTime());
    ntpSyncs(pi);
    await until('synced', () => station.health().clock === 'synced');
    await broker.startNetwork();
    await until(
      'a birth saying the clock is synced',
      () => latestStatus([market])?.health?.clock === 'synced',
    );
    const events = await allDelivered([market], station);
    expect(seqs(events)).toEqual(oneTo(events.length));
    // what happened while the clock was wrong: marked, and re-stamped with the real time
    const pickup = events.find((e) => e.event.type === 'parcel.picked_up');
    expect(pickup).toMatchObject({ clockUnsynced: true, clockCorrectedFrom: '2026-02-23T09:01:02.000Z' });
    expect(Math.abs(Date.parse(pickup?.at ?? '') - (realBootTime + 62_000))).toBeLessThan(1_000);
    const cleared = bodies(events, 'alarm.cleared').find((a) => a.kind === 'clock_unsynced');
    expect(cleared?.detail).toMatch(/the clock was 172 h 0 min behind/);
    // the outage is judged once the time is known: four hours, not "a week backwards"
    const power = bodies(events, 'alarm.raised').find((a) => a.kind === 'power_restored');
    expect(power?.detail).toMatch(/down for 4 h 0 min/);
    // events after the sync are plain, and the step of the clock raised no false alarm
    expect(events.at(-1)?.clockUnsynced).toBeUndefined();
    expect(bodies(events, 'alarm.raised').map((a) => a.kind)).toEqual(['clock_unsynced', 'power_restored']);
    expect(bodies(events, 'parcel.picked_up').map((p) => p.parcelId)).toEqual(['milk']);
  });
});
