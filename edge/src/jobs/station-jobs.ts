import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { StationMonitor } from '../monitoring/station-monitor.js';
import type { StationService } from '../station/index.js';
import {
  compartmentUseBetween,
  expiriesBetween,
  parcelCountsBetween,
  sampledMinutesBetween,
} from '../store/daily-counts.js';
import type { Db } from '../store/database.js';
import { MetaStore } from '../store/meta.js';
import type { Outbox } from '../store/outbox.js';
import { SampleStore } from '../store/samples.js';
import type { JobSpec } from './scheduler.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface StationJobsDeps {
  readonly db: Db;
  readonly service: StationService;
  readonly monitor: StationMonitor;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly logger: Logger;
  /** raw samples are kept this long, then thinned to one per probe and bucket */
  readonly rawSampleDays?: number;
  readonly bucketMinutes?: number;
  /** HACCP records are commonly kept two years */
  readonly retentionDays?: number;
  /** delivered events are kept this long for replay_events (mqtt.replayRetentionHours) */
  readonly replayRetentionHours?: number;
}

/** The station's scheduled work. Each job is idempotent and catches up by content after an outage. */
export const stationJobs = (d: StationJobsDeps): JobSpec[] => [
  {
    name: 'replay-retention',
    cron: '41 * * * *',
    catchUpAfterMs: HOUR,
    run: (now: Date) => pruneDeliveredEvents(d, now),
  },
  {
    name: 'deadlines',
    cron: '*/30 * * * * *',
    catchUpAfterMs: 30_000,
    run: async () => {
      const run = await d.service.processDeadlines();
      if (run.reminded + run.expiredParcels + run.expiredCodes > 0) d.logger.info(run, 'deadlines processed');
    },
  },
  {
    name: 'sample-retention',
    cron: '17 3 * * *',
    catchUpAfterMs: DAY,
    run: (now: Date) => thinSamples(d, now),
  },
  {
    name: 'daily-summary',
    cron: '5 0 * * *',
    catchUpAfterMs: DAY,
    run: (now: Date) => emitDailySummaries(d, now),
  },
];

/** Down-samples old samples to the first of each bucket (out-of-range and faulty readings stay) and drops the oldest. */
export const thinSamples = (d: StationJobsDeps, now: Date): { thinned: number; deleted: number } => {
  const rawBefore = new Date(now.getTime() - (d.rawSampleDays ?? 30) * DAY).toISOString();
  const deleteBefore = new Date(now.getTime() - (d.retentionDays ?? 730) * DAY).toISOString();
  const bucketSeconds = (d.bucketMinutes ?? 5) * 60;
  return d.db.transaction(() => {
    const samples = new SampleStore(d.db);
    const thinned = samples.thinBefore(rawBefore, bucketSeconds);
    const deleted = samples.deleteBefore(deleteBefore);
    d.monitor.alarms.deleteSettledBefore(new Date(deleteBefore));
    return { thinned, deleted };
  })();
};

/** One `station.daily_summary` event per finished day, including days the station was off. */
export const emitDailySummaries = (d: StationJobsDeps, now: Date): number => {
  const key = 'job:daily_summary:last_day';
  const today = now.toISOString().slice(0, 10);
  const meta = new MetaStore(d.db);
  const last = meta.get(key);
  if (last === undefined) {
    // a first start has no history to summarise: the first summary is of the first full day
    meta.set(key, nextDay(today, -1));
    return 0;
  }
  let day = nextDay(last);
  let emitted = 0;
  if (day < today) d.monitor.flushSamples();
  while (day < today) {
    const from = `${day}T00:00:00.000Z`;
    const to = `${nextDay(day)}T00:00:00.000Z`;
    const summaryDay = day;
    d.db.transaction(() => {
      const alarms = d.monitor.alarms.raisedBetween(new Date(from), new Date(to));
      const uptimeMinutes = sampledMinutesBetween(d.db, from, to);
      d.outbox.appendEvent(
        {
          type: 'station.daily_summary',
          day: summaryDay,
          ...parcelCountsBetween(d.db, from, to),
          alarms: alarms.length,
          expiries: expiriesBetween(d.db, from, to),
          excursions: alarms.filter((a) => a.kind === 'temperature_high' || a.kind === 'temperature_low')
            .length,
          ...(uptimeMinutes === null ? {} : { uptimeMinutes }),
          compartmentUse: compartmentUseBetween(d.db, from, to),
        },
        d.clock.now(),
      );
      meta.set(key, summaryDay);
    })();
    emitted++;
    day = nextDay(day);
  }
  return emitted;
};

const nextDay = (day: string, by = 1): string =>
  new Date(new Date(`${day}T00:00:00.000Z`).getTime() + by * DAY).toISOString().slice(0, 10);

/** Forgets delivered events older than the replay retention; returns how many. */
export const pruneDeliveredEvents = (
  d: Pick<StationJobsDeps, 'outbox' | 'logger' | 'replayRetentionHours'>,
  now: Date,
): number => {
  const before = new Date(now.getTime() - (d.replayRetentionHours ?? 72) * HOUR);
  const pruned = d.outbox.delivered.pruneDeliveredBefore(before);
  if (pruned > 0) d.logger.info({ pruned, before: before.toISOString() }, 'delivered events pruned');
  return pruned;
};
