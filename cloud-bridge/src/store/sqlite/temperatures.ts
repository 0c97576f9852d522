import type { TelemetryMessage } from '@regiobox/contract';
import type { Db } from '../database.js';
import type { TemperaturePoint, TimeRange } from '../fleet-store.js';
import { iso } from './rows.js';

/**
 * Latest readings per probe and the down-sampled history: every sample lands in a fixed bucket
 * (count, sum, min, max), so the history grows with time, not with the sampling rate, and charts
 * and the HACCP export read buckets instead of raw samples.
 */
export class TemperatureTable {
  constructor(
    private readonly db: Db,
    private readonly bucketSeconds: number,
  ) {}

  /** false when the batch was seen before (at-least-once delivery) */
  record(t: TelemetryMessage, receivedAt: Date): boolean {
    const fresh = this.db
      .prepare(
        'INSERT OR IGNORE INTO fleet_telemetry_batches (station_id, batch_id, received_at) VALUES (?, ?, ?)',
      )
      .run(t.stationId, t.batchId, receivedAt.toISOString()).changes;
    if (fresh === 0) return false;
    const latest = this.db.prepare(
      `INSERT INTO fleet_probe_readings (station_id, probe_id, compartment, celsius, status, at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (station_id, probe_id) DO UPDATE SET compartment = excluded.compartment,
         celsius = excluded.celsius, status = excluded.status, at = excluded.at
       WHERE excluded.at >= fleet_probe_readings.at`,
    );
    const bucket = this.db.prepare(
      `INSERT INTO fleet_temperature_history (station_id, probe_id, bucket_start, compartment, samples, sum_c,
         min_c, max_c, faults) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (station_id, probe_id, bucket_start) DO UPDATE SET
         samples = samples + excluded.samples, sum_c = sum_c + excluded.sum_c,
         min_c = CASE WHEN min_c IS NULL OR excluded.min_c < min_c THEN COALESCE(excluded.min_c, min_c) ELSE min_c END,
         max_c = CASE WHEN max_c IS NULL OR excluded.max_c > max_c THEN COALESCE(excluded.max_c, max_c) ELSE max_c END,
         faults = faults + excluded.faults`,
    );
    for (const s of t.samples) {
      latest.run(t.stationId, s.probeId, s.compartment, s.celsius, s.status, iso(s.at));
      const start = Math.floor(Date.parse(s.at) / 1000 / this.bucketSeconds) * this.bucketSeconds;
      const ok = s.status === 'ok' && s.celsius !== null;
      bucket.run(
        t.stationId,
        s.probeId,
        start,
        s.compartment,
        ok ? 1 : 0,
        ok ? s.celsius : 0,
        ok ? s.celsius : null,
        ok ? s.celsius : null,
        ok ? 0 : 1,
      );
    }
    // Only doors that changed are written: a batch reports every door, and rewriting twelve
    // unchanged rows per batch was half of the ingest's row writes.
    const door = this.db.prepare(
      'UPDATE fleet_compartments SET door_open = ? WHERE station_id = ? AND no = ? AND door_open IS NOT ?',
    );
    for (const d of t.doors) {
      if (d.open !== null) door.run(d.open ? 1 : 0, t.stationId, d.compartment, d.open ? 1 : 0);
    }
    return true;
  }

  /** Buckets merged to `resolutionSeconds` (never finer than the stored bucket). */
  history(stationId: string, range: TimeRange, resolutionSeconds: number): TemperaturePoint[] {
    const res = Math.max(
      this.bucketSeconds,
      Math.floor(resolutionSeconds / this.bucketSeconds) * this.bucketSeconds,
    );
    const rows = this.db
      .prepare(
        `SELECT probe_id, MAX(compartment) AS compartment, bucket_start - (bucket_start % ?) AS start, SUM(samples) AS samples,
           SUM(sum_c) AS sum_c, MIN(min_c) AS min_c, MAX(max_c) AS max_c
         FROM fleet_temperature_history
         WHERE station_id = ? AND bucket_start >= ? AND bucket_start < ?
         GROUP BY probe_id, start ORDER BY start, probe_id`,
      )
      .all(
        res,
        stationId,
        Math.floor(range.from.getTime() / 1000 / this.bucketSeconds) * this.bucketSeconds,
        Math.ceil(range.to.getTime() / 1000),
      ) as {
      probe_id: string;
      compartment: number | null;
      start: number;
      samples: number;
      sum_c: number;
      min_c: number | null;
      max_c: number | null;
    }[];
    return rows.map((r) => ({
      probeId: r.probe_id,
      compartment: r.compartment,
      at: new Date(r.start * 1000).toISOString(),
      samples: r.samples,
      minCelsius: r.min_c,
      avgCelsius: r.samples > 0 ? Math.round((r.sum_c / r.samples) * 100) / 100 : null,
      maxCelsius: r.max_c,
    }));
  }

  prune(historyBefore: Date, dedupBefore: Date): number {
    const cutoff = Math.floor(historyBefore.getTime() / 1000);
    return (
      this.db.prepare('DELETE FROM fleet_temperature_history WHERE bucket_start < ?').run(cutoff).changes +
      this.db
        .prepare('DELETE FROM fleet_telemetry_batches WHERE received_at < ?')
        .run(dedupBefore.toISOString()).changes
    );
  }
}
