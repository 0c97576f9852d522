import type { Zone } from '@regiobox/contract';
import { resolveZoneThresholds, type ZoneThresholdTable } from '../domain/coldchain/index.js';
import type { Db } from '../store/database.js';

const KEY = 'coldchain:threshold_overrides';

/**
 * The station's zone limits: defaults merged with the overrides the marketplace set (the
 * `set_thresholds` command), which survive restarts in the `meta` table.
 */
export class ThresholdSettings {
  constructor(
    private readonly db: Db,
    private readonly defaults: ZoneThresholdTable,
  ) {}

  table(): ZoneThresholdTable {
    return resolveZoneThresholds(this.overrides(), this.defaults);
  }

  /** Validates by merging first: an invalid combination throws INVALID_THRESHOLDS and nothing is stored. */
  set(zone: Zone, limits: Record<string, unknown>): void {
    const next = { ...this.overrides(), [zone]: { ...(this.overrides()[zone] ?? {}), ...limits } };
    resolveZoneThresholds(next, this.defaults);
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(KEY, JSON.stringify(next));
  }

  private overrides(): Record<string, Record<string, unknown>> {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as Record<string, Record<string, unknown>>) : {};
  }
}
