import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReserveResult } from '../station/api.js';
import { producerLoads, pullOpen, shut } from '../station/testing/actors.js';
import { StationFixture } from '../station/testing/station-fixture.js';
import { until } from '../station/testing/until.js';
import { StationMonitor } from './station-monitor.js';

const alarmsOf = (f: StationFixture) =>
  f.db
    .prepare(
      'SELECT kind, raised_at AS raisedAt, cleared_at AS clearedAt FROM alarms ORDER BY raised_at, kind',
    )
    .all() as { kind: string; raisedAt: string; clearedAt: string | null }[];

describe('the monitor when the database refuses writes', () => {
  let f: StationFixture;
  let monitor: StationMonitor;
  let r: ReserveResult;
  let healthChanges: boolean[];

  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    monitor = new StationMonitor({
      db: f.db,
      outbox: f.outbox,
      hardware: f.hw,
      station: f.station,
      config: f.config,
      clock: f.clock.current,
      logger: pino({ level: 'silent' }),
      sampleIntervalMs: 3_600_000,
      tickIntervalMs: 3_600_000,
      alarmSettings: { boardUnreachableAfterSeconds: 10 },
    });
    monitor.start();
    healthChanges = [];
    monitor.onHealthChange(() => healthChanges.push(monitor.storageOk()));
    r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'bread', producer: 'Bäckerei', zone: 'ambient', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
  });
  afterEach(async () => {
    await monitor.stop();
    await f.close();
  });

  it('believes the station about doors: late door events of an unlock are no break-in, a forced shut door is', async () => {
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
    f.clock.advance(60_000); // the door event comes late (a noisy serial line), past the rule's grace
    await pullOpen(f, 1);
    await shut(f, 1, false);
    expect(alarmsOf(f)).toEqual([]);
    // compartment 3 has not moved since the start: it is known shut, and opens without an unlock
    f.hw.forceDoor(f.input(3));
    await until(() => alarmsOf(f).length > 0, 'door_forced');
    expect(alarmsOf(f)).toEqual([
      { kind: 'door_forced', raisedAt: '2026-03-02T08:01:00.000Z', clearedAt: null },
    ]);
  });

  it('an NTP step of the wall clock is no time passing for the alarm rules, and alarms carry the new wall time', () => {
    f.hw.setReachable(false);
    f.clock.current.jumpWall(3 * 3_600_000); // the clock is corrected by three hours
    monitor.tick();
    expect(alarmsOf(f)).toEqual([]); // not "unreachable for three hours"
    f.clock.advance(11_000);
    monitor.tick();
    expect(alarmsOf(f)).toEqual([
      { kind: 'board_unreachable', raisedAt: '2026-03-02T11:00:11.000Z', clearedAt: null },
    ]);
  });

  it('knows at the first failed commit, keeps what it could not write, and records it all when writes work again', async () => {
    // the file system turns read-only under the station (injected at the SQLite boundary)
    f.db.pragma('query_only = ON');
    const faultAt = f.clock.current.now().toISOString();
    const refused = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(refused).toMatchObject({ ok: false, reason: 'OUT_OF_SERVICE' });
    expect(monitor.storageOk()).toBe(false);
    expect(healthChanges).toEqual([false]);
    expect(f.hw.pulses).toHaveLength(1); // only the loading: no door opened that could not be recorded

    // meanwhile the board goes away for longer than the alarm's delay: the alarm cannot be written
    f.hw.setReachable(false);
    f.clock.advance(11_000);
    monitor.tick();
    expect(monitor.storageOk()).toBe(false);
    expect(alarmsOf(f)).toEqual([]);

    f.db.pragma('query_only = OFF');
    f.clock.advance(5_000);
    monitor.tick();
    expect(monitor.storageOk()).toBe(true);
    expect(healthChanges).toEqual([false, true]);
    expect(alarmsOf(f)).toEqual([
      { kind: 'storage_fault', raisedAt: faultAt, clearedAt: '2026-03-02T08:00:16.000Z' },
      { kind: 'board_unreachable', raisedAt: '2026-03-02T08:00:11.000Z', clearedAt: null },
    ]);
    const cleared = f.eventsOf('alarm.cleared').find((e) => e.kind === 'storage_fault');
    expect(cleared?.detail).toMatch(/writes work again after 16 s/);
    const raised = f.eventsOf('alarm.raised').find((e) => e.kind === 'storage_fault');
    expect(raised?.detail).toMatch(/readonly/);

    // and the customer's PIN, never used up, opens the door now
    f.hw.setReachable(true);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: true,
      compartments: [{ no: 1 }],
    });
  });
});

describe('the cold_chain_breach alarm of a held parcel', () => {
  const record = {
    compartment: 1,
    zone: 'ambient' as const,
    from: '2026-03-02T08:00:00.000Z',
    to: '2026-03-02T10:00:00.000Z',
    samples: 720,
    minCelsius: 18,
    maxCelsius: 31,
    minutesAboveLimit: 95,
    limitCelsius: 25,
    breached: true,
  };
  const monitorFor = (f: StationFixture) =>
    new StationMonitor({
      db: f.db,
      outbox: f.outbox,
      hardware: f.hw,
      station: f.station,
      config: f.config,
      clock: f.clock.current,
      logger: pino({ level: 'silent' }),
      sampleIntervalMs: 3_600_000,
      tickIntervalMs: 3_600_000,
    });
  const breaches = (f: StationFixture) => alarmsOf(f).filter((a) => a.kind === 'cold_chain_breach');
  let f: StationFixture;
  afterEach(async () => {
    await f.close();
  });

  it('goes with the hold, ends with the decision, and is set right after a crash between the two commits', async () => {
    f = new StationFixture();
    await f.start();
    let monitor = monitorFor(f);
    monitor.start();
    const r = await f.station.reserve({
      orderId: 'O-7',
      parcels: [{ parcelId: 'honey', producer: 'Imkerei', zone: 'ambient', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    await f.station.holdParcel({
      orderId: 'O-7',
      parcelId: 'honey',
      reason: 'budget_exceeded',
      coldChain: record,
    });
    expect(breaches(f)).toEqual([expect.objectContaining({ clearedAt: null })]);
    expect(f.eventsOf('alarm.raised').at(-1)).toMatchObject({
      kind: 'cold_chain_breach',
      severity: 'critical',
      compartment: 1,
    });

    // the process dies after the decision's commit, before the alarm's: the next start clears it
    await monitor.stop();
    await f.station.decideHold({
      orderId: 'O-7',
      parcelId: 'honey',
      decision: 'release',
      by: 'Anna',
      why: 'sealed jars; honey keeps',
    });
    expect(breaches(f)).toEqual([expect.objectContaining({ clearedAt: null })]);
    monitor = monitorFor(f);
    monitor.start();
    expect(breaches(f)).toEqual([expect.objectContaining({ clearedAt: expect.any(String) })]);

    // and a hold whose alarm never made it to disk is raised at the next start
    await monitor.stop();
    await f.station.holdParcel({
      orderId: 'O-7',
      parcelId: 'honey',
      reason: 'budget_exceeded',
      coldChain: record,
    });
    monitor = monitorFor(f);
    monitor.start();
    expect(breaches(f)).toHaveLength(2);
    expect(breaches(f).at(-1)).toMatchObject({ clearedAt: null });
    await monitor.stop();
  });
});
