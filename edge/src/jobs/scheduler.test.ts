import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import { type Db, openDatabase } from '../store/database.js';
import { JobScheduler } from './scheduler.js';

const logger = pino({ level: 'silent' });

describe('scheduled jobs', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-jobs-'));
    db = openDatabase(join(dir, 'station.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up a job whose last run is older than its period after a restart, and not one that ran recently', async () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const runs: string[] = [];
    const first = new JobScheduler({ db, clock, logger });
    first.add({ name: 'expiry', cron: '* * * * *', catchUpAfterMs: 60_000, run: () => runs.push('expiry') });
    first.add({
      name: 'retention',
      cron: '0 3 * * *',
      catchUpAfterMs: 86_400_000,
      run: () => runs.push('retention'),
    });
    await first.start(); // a first start has no last run: both catch up once
    await first.idle();
    await first.stop();
    expect(runs.sort()).toEqual(['expiry', 'retention']);

    // the station is off for two hours
    clock.advance(2 * 3_600_000);
    runs.length = 0;
    const second = new JobScheduler({ db, clock, logger });
    second.add({ name: 'expiry', cron: '* * * * *', catchUpAfterMs: 60_000, run: () => runs.push('expiry') });
    second.add({
      name: 'retention',
      cron: '0 3 * * *',
      catchUpAfterMs: 86_400_000,
      run: () => runs.push('retention'),
    });
    await second.start();
    await second.idle();
    await second.stop();
    expect(runs).toEqual(['expiry']);
    expect(second.lastRun('expiry')?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('never runs one job twice at the same time', async () => {
    const clock = new ManualClock();
    let concurrent = 0;
    let maxConcurrent = 0;
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const scheduler = new JobScheduler({ db, clock, logger });
    scheduler.add({
      name: 'slow',
      cron: '0 0 1 1 *',
      catchUpAfterMs: Number.MAX_SAFE_INTEGER,
      run: async () => {
        calls++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await gate;
        concurrent--;
      },
    });
    await scheduler.start(); // first start: no last run, so it catches up once
    const again = [scheduler.runNow('slow'), scheduler.runNow('slow')];
    release();
    await Promise.all(again);
    await scheduler.stop();
    expect(maxConcurrent).toBe(1);
    expect(calls).toBe(1);
  });

  it('refuses an invalid cron expression by naming the job', () => {
    const scheduler = new JobScheduler({ db, clock: new ManualClock(), logger });
    expect(() =>
      scheduler.add({ name: 'broken', cron: 'every day', catchUpAfterMs: 1, run: () => {} }),
    ).toThrow(/job broken: "every day" is not a cron expression/);
  });
});
