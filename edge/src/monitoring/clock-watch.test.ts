import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventMessage } from '@regiobox/contract';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import { type Db, openDatabase } from '../store/database.js';
import { Outbox } from '../store/outbox.js';
import { ClockWatch, readTimeService, type TimeService } from './clock-watch.js';

const DAY = 86_400_000;
const logger = pino({ level: 'silent' });

describe('the station watching its own clock', () => {
  let dir: string;
  let service: TimeService;
  let db: Db;
  let clock: ManualClock;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-clock-'));
    mkdirSync(join(dir, 'timesync'));
    service = { marker: join(dir, 'timesync', 'synchronized'), presentIf: [join(dir, 'timesync')] };
    db = openDatabase(join(dir, 'station.db'));
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** timesyncd has synchronised: it creates (or touches) its marker at the new time */
  const ntpSyncs = () => {
    writeFileSync(service.marker, '');
    const at = clock.now();
    utimesSync(service.marker, at, at);
  };
  const waiting = (outbox: Outbox): EventMessage[] =>
    outbox.peek(100).map((e) => JSON.parse(e.payload) as EventMessage);

  it('boots on an old clock: marks events, raises clock_unsynced after the grace time, and re-stamps waiting events once NTP syncs', () => {
    // the Pi kept no time while off: it thinks it is two days earlier than it is
    clock = new ManualClock('2026-03-02T08:00:00.000Z');
    const watch = new ClockWatch({ db, clock, logger, timeService: service, alarmAfterMs: 60_000 });
    const outbox = new Outbox(db, 'hofladen-7', watch);
    watch.attach(outbox);
    expect(watch.status()).toEqual({ state: 'unsynced', reason: 'not_synchronised' });

    const doorOpened = outbox.appendEvent(
      { type: 'compartment.door', compartment: 3, open: true },
      clock.now(),
    );
    clock.advance(30_000);
    const doorClosed = outbox.appendEvent(
      { type: 'compartment.door', compartment: 3, open: false },
      clock.now(),
    );
    expect([doorOpened.clockUnsynced, doorClosed.clockUnsynced]).toEqual([true, true]);
    expect(watch.check()).toEqual([]); // within the grace time: NTP usually needs seconds
    clock.advance(31_000);
    const raised = watch.check();
    expect(raised).toMatchObject([{ type: 'raise', kind: 'clock_unsynced', severity: 'info' }]);
    expect(raised[0]?.type === 'raise' && raised[0].detail).toMatch(/not synchronised the clock since boot/);

    // the first event was sent before the sync; the second still waits
    outbox.remove(outbox.peek(1)[0]?.pos ?? -1, new Date());
    clock.advance(10_000);
    clock.jumpWall(2 * DAY);
    ntpSyncs();
    const cleared = watch.check();
    expect(cleared).toMatchObject([{ type: 'clear', kind: 'clock_unsynced' }]);
    expect(cleared[0]?.type === 'clear' && cleared[0].detail).toMatch(
      /48 h 0 min behind \(corrected by 172800 s\); 2 event\(s\) stamped meanwhile are marked, 1 of them re-stamped/,
    );
    expect(watch.status()).toEqual({ state: 'synced' });
    const [closed] = waiting(outbox);
    expect(closed).toMatchObject({
      id: doorClosed.id,
      at: '2026-03-04T08:00:30.000Z',
      clockUnsynced: true,
      clockCorrectedFrom: '2026-03-02T08:00:30.000Z',
    });
    // events stamped after the sync are plain
    expect(
      outbox.appendEvent({ type: 'compartment.door', compartment: 3, open: true }, clock.now()).clockUnsynced,
    ).toBeUndefined();
  });

  it('judges deadlines by a time it knew had passed while the clock is not trusted, also across a restart', () => {
    clock = new ManualClock('2026-03-02T08:00:00.000Z');
    ntpSyncs();
    const first = new ClockWatch({ db, clock, logger, timeService: service });
    clock.advance(90_000);
    first.check();
    expect(first.judgeNow()?.toISOString()).toBe('2026-03-02T08:01:30.000Z');
    first.persist();

    // power cut; the Pi comes back a week later with last month's time and no sync yet
    rmSync(service.marker);
    const later = new ManualClock('2026-02-01T00:00:00.000Z');
    const second = new ClockWatch({ db, clock: later, logger, timeService: service });
    expect(second.status()).toEqual({ state: 'unsynced', reason: 'not_synchronised' });
    later.advance(60_000);
    expect(second.judgeNow()?.toISOString()).toBe('2026-03-02T08:02:30.000Z');
  });

  it('a clock that leaps a month ahead without a sync is not believed until timesyncd confirms it', () => {
    clock = new ManualClock('2026-03-02T08:00:00.000Z');
    ntpSyncs();
    const watch = new ClockWatch({ db, clock, logger, timeService: service });
    const changes: string[] = [];
    watch.onChange((s) => changes.push(s.state));
    clock.advance(5_000);
    clock.jumpWall(30 * DAY);
    watch.check();
    expect(watch.status()).toEqual({ state: 'unsynced', reason: 'jumped' });
    expect(watch.judgeNow()?.toISOString()).toBe('2026-03-02T08:00:05.000Z');
    clock.advance(5_000);
    ntpSyncs();
    watch.check();
    expect(watch.judgeNow()?.toISOString()).toBe('2026-04-01T08:00:10.000Z');
    expect(changes).toEqual(['unsynced', 'synced']);
  });

  it('tells a missing marker of an installed timesyncd from a system without a time service', () => {
    expect(readTimeService(service)).toEqual({ kind: 'not_synchronised' });
    expect(
      readTimeService({ marker: join(dir, 'none', 'synchronized'), presentIf: [join(dir, 'none')] }),
    ).toEqual({ kind: 'no_time_service' });
    expect(readTimeService(null)).toEqual({ kind: 'no_time_service' });
    clock = new ManualClock();
    ntpSyncs();
    expect(readTimeService(service)).toEqual({ kind: 'synchronised', markMs: clock.now().getTime() });
  });
});
