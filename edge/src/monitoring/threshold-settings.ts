import type { Zone } from '@regiobox/contract';
import { resolveZoneThresholds, type ZoneThresholdTable } from '../domain/coldchain/index.js';
import type { Db } from '../store/database.js';
import { MetaStore } from '../store/meta.js';

const KEY = 'coldchain:threshold_overrides';

/**
 * The station's zone limits: defaults merged with the overrides the marketplace set (the
 * `set_thresholds` command), which survive restarts in the `meta` table.
 */
export class ThresholdSettings {
  private readonly meta: MetaStore;

  constructor(
    db: Db,
    private readonly defaults: ZoneThresholdTable,
  ) {
    this.meta = new MetaStore(db);
  }

  table(): ZoneThresholdTable {
    return resolveZoneThresholds(this.overrides(), this.defaults);
  }

  /** Validates by merging first: an invalid combination throws INVALID_THRESHOLDS and nothing is stored. */
  set(zone: Zone, limits: Record<string, unknown>): void {
    const next = { ...this.overrides(), [zone]: { ...(this.overrides()[zone] ?? {}), ...limits } };
    resolveZoneThresholds(next, this.defaults);
    this.meta.set(KEY, JSON.stringify(next));
  }

  private overrides(): Record<string, Record<string, unknown>> {
    const value = this.meta.get(KEY);
    return value ? (JSON.parse(value) as Record<string, Record<string, unknown>>) : {};
  }
}
