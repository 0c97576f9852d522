import type { TelemetryMessage } from '@regiobox/contract';
import type { TemperaturePoint, TimeRange } from '../fleet-store.js';
import { iso } from '../sqlite/rows.js';
import type { Sql } from './pg-database.js';
import { countOf } from './rows.js';

/**
 * Latest readings per probe and the down-sampled history in fixed buckets (count, sum, min, max), as
 * in the SQLite store. A batch is written with one statement per table, not one per sample.
 */
export class PgTemperatureTable {
  constructor(private readonly bucketSeconds: number) {}

  /** false when the batch was seen before (at-least-once delivery, possibly to another instance) */
  async record(sql: Sql, t: TelemetryMessage, receivedAt: Date): Promise<boolean> {
    const fresh = await sql.query(
      `INSERT INTO fleet_telemetry_batches (station_id, batch_id, received_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [t.stationId, t.batchId, receivedAt.toISOString()],
    );
    if (fresh.length === 0) return false;
    const samples = t.samples;
    if (samples.length > 0) {
      // the newest sample per probe wins within the batch, and only if newer than the stored one
      await sql.query(
        `INSERT INTO fleet_probe_readings (station_id, probe_id, compartment, celsius, status, at)
         SELECT DISTINCT ON (probe_id) $1::text, probe_id, compartment, celsius, status, at
         FROM unnest($2::text[], $3::int[], $4::float8[], $5::text[], $6::timestamptz[])
           AS s(probe_id, compartment, celsius, status, at)
         ORDER BY probe_id, at DESC
         ON CONFLICT (station_id, probe_id) DO UPDATE SET compartment = excluded.compartment,
           celsius = excluded.celsius, status = excluded.status, at = excluded.at
         WHERE excluded.at >= fleet_probe_readings.at`,
        [
          t.stationId,
          samples.map((s) => s.probeId),
          samples.map((s) => s.compartment),
          samples.map((s) => s.celsius),
          samples.map((s) => s.status),
          samples.map((s) => iso(s.at)),
        ],
      );
      const ok = samples.map((s) => s.status === 'ok' && s.celsius !== null);
      await sql.query(
        `INSERT INTO fleet_temperature_history (station_id, probe_id, bucket_start, compartment, samples, sum_c,
           min_c, max_c, faults)
         SELECT $1::text, probe_id, bucket_start, MAX(compartment), SUM(n), COALESCE(SUM(c) FILTER (WHERE n = 1), 0),
           MIN(c) FILTER (WHERE n = 1), MAX(c) FILTER (WHERE n = 1), SUM(1 - n)
         FROM unnest($2::text[], $3::bigint[], $4::int[], $5::int[], $6::float8[])
           AS s(probe_id, bucket_start, compartment, n, c)
         GROUP BY probe_id, bucket_start
         ON CONFLICT (station_id, probe_id, bucket_start) DO UPDATE SET
           samples = fleet_temperature_history.samples + excluded.samples,
           sum_c = fleet_temperature_history.sum_c + excluded.sum_c,
           min_c = LEAST(fleet_temperature_history.min_c, excluded.min_c),
           max_c = GREATEST(fleet_temperature_history.max_c, excluded.max_c),
           faults = fleet_temperature_history.faults + excluded.faults`,
        [
          t.stationId,
          samples.map((s) => s.probeId),
          samples.map((s) => Math.floor(Date.parse(s.at) / 1000 / this.bucketSeconds) * this.bucketSeconds),
          samples.map((s) => s.compartment),
          ok.map((o) => (o ? 1 : 0)),
          samples.map((s, i) => (ok[i] ? s.celsius : null)),
        ],
      );
    }
    // One round trip for all doors, and only the doors that changed are written: every batch
    // reports all doors, and twelve statements per batch were most of its round trips.
    const doors = t.doors.filter((d) => d.open !== null);
    if (doors.length > 0) {
      await sql.query(
        `UPDATE fleet_compartments c SET door_open = d.open
         FROM unnest($2::int[], $3::boolean[]) AS d(no, open)
         WHERE c.station_id = $1 AND c.no = d.no AND c.door_open IS DISTINCT FROM d.open`,
        [t.stationId, doors.map((d) => d.compartment), doors.map((d) => d.open)],
      );
    }
    return true;
  }

  /** Buckets merged to `resolutionSeconds` (never finer than the stored bucket). */
  async history(
    sql: Sql,
    stationId: string,
    range: TimeRange,
    resolutionSeconds: number,
  ): Promise<TemperaturePoint[]> {
    const res = Math.max(
      this.bucketSeconds,
      Math.floor(resolutionSeconds / this.bucketSeconds) * this.bucketSeconds,
    );
    const rows = await sql.query<{
      probe_id: string;
      compartment: number | null;
      start: number;
      samples: number;
      sum_c: number;
      min_c: number | null;
      max_c: number | null;
    }>(
      `SELECT probe_id, MAX(compartment) AS compartment, bucket_start - (bucket_start % $1::bigint) AS start,
         SUM(samples) AS samples, SUM(sum_c) AS sum_c, MIN(min_c) AS min_c, MAX(max_c) AS max_c
       FROM fleet_temperature_history
       WHERE station_id = $2 AND bucket_start >= $3 AND bucket_start < $4
       GROUP BY probe_id, start ORDER BY start, probe_id COLLATE "C"`,
      [
        res,
        stationId,
        Math.floor(range.from.getTime() / 1000 / this.bucketSeconds) * this.bucketSeconds,
        Math.ceil(range.to.getTime() / 1000),
      ],
    );
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

  async prune(sql: Sql, historyBefore: Date, dedupBefore: Date): Promise<number> {
    const cutoff = Math.floor(historyBefore.getTime() / 1000);
    return (
      (await countOf(sql, 'DELETE FROM fleet_temperature_history WHERE bucket_start < $1', [cutoff])) +
      (await countOf(sql, 'DELETE FROM fleet_telemetry_batches WHERE received_at < $1', [
        dedupBefore.toISOString(),
      ]))
    );
  }
}
