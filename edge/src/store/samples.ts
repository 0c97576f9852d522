import type { ProbeStatus } from '@regiobox/hardware-api';
import type { Db } from './database.js';

export interface TemperatureSample {
  readonly probeId: string;
  readonly at: string;
  readonly celsius: number | null;
  readonly status: ProbeStatus;
  /**
   * The limits of the probe's compartment in force when it was taken; absent for samples stored
   * before the station recorded them (and for probes of no compartment).
   */
  readonly limits?: SampleLimits;
  /** a van's position when it was taken (its last fix, if fresh); absent at a fixed station */
  readonly position?: { readonly lat: number; readonly lon: number };
}

export interface SampleLimits {
  readonly upperCelsius: number | null;
  readonly lowerCelsius: number | null;
}

interface SampleRow {
  readonly probeId: string;
  readonly at: string;
  readonly celsius: number | null;
  readonly status: ProbeStatus;
  readonly upper: number | null;
  readonly lower: number | null;
  readonly known: number;
  readonly lat: number | null;
  readonly lon: number | null;
}

const COLUMNS = `probe_id AS probeId, at, celsius, status, upper_limit_celsius AS upper,
  lower_limit_celsius AS lower, limits_known AS known, lat, lon`;

/** A reading outside the limits recorded with it. */
const OUTSIDE = `(limits_known = 1 AND celsius IS NOT NULL AND (
  (upper_limit_celsius IS NOT NULL AND celsius > upper_limit_celsius) OR
  (lower_limit_celsius IS NOT NULL AND celsius < lower_limit_celsius)))`;

const fromRow = (r: SampleRow): TemperatureSample => ({
  probeId: r.probeId,
  at: r.at,
  celsius: r.celsius,
  status: r.status,
  ...(r.known ? { limits: { upperCelsius: r.upper, lowerCelsius: r.lower } } : {}),
  ...(r.lat !== null && r.lon !== null ? { position: { lat: r.lat, lon: r.lon } } : {}),
});

/** Temperature samples in SQLite. Reads for the cold-chain record and the HACCP export. */
export class SampleStore {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO temperature_samples
         (probe_id, at, celsius, status, upper_limit_celsius, lower_limit_celsius, limits_known, lat, lon)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** One transaction for the whole batch: one fsync-worth of work instead of one per sample. */
  insertBatch(samples: readonly TemperatureSample[]): void {
    this.db.transaction(() => {
      for (const s of samples)
        this.insertStmt.run(
          s.probeId,
          s.at,
          s.celsius,
          s.status,
          s.limits?.upperCelsius ?? null,
          s.limits?.lowerCelsius ?? null,
          s.limits ? 1 : 0,
          s.position?.lat ?? null,
          s.position?.lon ?? null,
        );
    })();
  }

  between(probeIds: readonly string[], fromIso: string, toIso: string): TemperatureSample[] {
    if (probeIds.length === 0) return [];
    const marks = probeIds.map(() => '?').join(', ');
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM temperature_samples
         WHERE probe_id IN (${marks}) AND at >= ? AND at <= ? ORDER BY at, id`,
      )
      .all(...probeIds, fromIso, toIso) as SampleRow[];
    return rows.map(fromRow);
  }

  /** The newest reading of a probe, or null when it has none yet. */
  latest(probeId: string): TemperatureSample | null {
    const r = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM temperature_samples WHERE probe_id = ? ORDER BY at DESC, id DESC LIMIT 1`,
      )
      .get(probeId) as SampleRow | undefined;
    return r ? fromRow(r) : null;
  }

  /**
   * Keeps the first sample of each probe and bucket before `rawBefore`; faulty (not 'ok') samples
   * and readings outside the limits in force stay, because they are what a HACCP reader looks for. Returns how many were dropped.
   */
  thinBefore(rawBefore: string, bucketSeconds: number): number {
    return this.db
      .prepare(
        `DELETE FROM temperature_samples WHERE at < @rawBefore AND status = 'ok' AND NOT ${OUTSIDE} AND id NOT IN (
           SELECT MIN(id) FROM temperature_samples WHERE at < @rawBefore
           GROUP BY probe_id, CAST(strftime('%s', at) AS INTEGER) / @bucket)`,
      )
      .run({ rawBefore, bucket: bucketSeconds }).changes;
  }

  deleteBefore(iso: string): number {
    return this.db.prepare('DELETE FROM temperature_samples WHERE at < ?').run(iso).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM temperature_samples').get() as { n: number }).n;
  }
}

export interface SampleBufferOptions {
  /** flush when this many samples are waiting */
  readonly maxSamples: number;
  /** flush at least this often while samples are waiting */
  readonly maxAgeMs: number;
  /** samples kept while storage fails; the oldest are dropped beyond this */
  readonly maxBacklog?: number;
  readonly onError?: (err: unknown) => void;
}

/**
 * Collects samples in memory and writes them in batches: SD cards wear out and stall under many
 * small synchronous writes. A failed write keeps the samples for the next attempt, up to a bound.
 */
export class SampleBuffer {
  private pending: TemperatureSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly maxBacklog: number;

  constructor(
    private readonly store: SampleStore,
    private readonly opts: SampleBufferOptions,
  ) {
    this.maxBacklog = opts.maxBacklog ?? Math.max(opts.maxSamples * 50, 10_000);
  }

  add(sample: TemperatureSample): void {
    this.pending.push(sample);
    if (this.pending.length > this.maxBacklog) this.pending.splice(0, this.pending.length - this.maxBacklog);
    if (this.pending.length >= this.opts.maxSamples) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.opts.maxAgeMs);
      this.timer.unref();
    }
  }

  /** Writes what is waiting; returns how many samples were written (0 on a storage error). */
  flush(): number {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return 0;
    const batch = this.pending;
    try {
      this.store.insertBatch(batch);
      this.pending = this.pending === batch ? [] : this.pending.slice(batch.length);
      return batch.length;
    } catch (err) {
      this.opts.onError?.(err);
      return 0;
    }
  }

  waiting(): number {
    return this.pending.length;
  }

  /** Flushes and stops the timer. */
  close(): void {
    this.flush();
  }
}
