import type { Zone } from '@regiobox/contract';
import {
  type CompartmentLimits,
  compartmentLimits,
  type LimitedCompartment,
  resolveZoneThresholds,
  type ZoneThresholds,
  type ZoneThresholdTable,
} from '../domain/coldchain/index.js';
import { AuditRepo } from '../store/audit-repo.js';
import type { Db } from '../store/database.js';
import { MetaStore } from '../store/meta.js';

const KEY = 'coldchain:threshold_overrides';

export interface ThresholdChange {
  readonly zone: Zone;
  readonly limits: Record<string, unknown>;
  readonly by?: string;
  readonly at: Date;
}

/**
 * The station's limits in force: the config's zone limits (`thresholds:`) with the overrides the
 * marketplace set by `set_thresholds` on top, which survive restarts in the `meta` table, and each
 * compartment's own config override on top of its zone.
 */
export class ThresholdSettings {
  private readonly meta: MetaStore;
  private readonly audit: AuditRepo;
  private cached: { table: ZoneThresholdTable; compartments: Map<number, CompartmentLimits> } | null = null;

  constructor(
    private readonly db: Db,
    /** the config's zone limits (defaults merged with `thresholds:`) */
    private readonly base: ZoneThresholdTable,
    private readonly compartments: readonly LimitedCompartment[] = [],
  ) {
    this.meta = new MetaStore(db);
    this.audit = new AuditRepo(db);
  }

  table(): ZoneThresholdTable {
    return this.resolved().table;
  }

  /** Per compartment, the limits its alarms, samples and cold-chain records use now. */
  byCompartment(): ReadonlyMap<number, CompartmentLimits> {
    return this.resolved().compartments;
  }

  forCompartment(no: number, zone: Zone): ZoneThresholds {
    return this.byCompartment().get(no)?.thresholds ?? this.table()[zone];
  }

  /**
   * Validates by merging first (also under every compartment override): an invalid combination
   * throws INVALID_THRESHOLDS and nothing is stored. The change and the audit entry commit together.
   */
  set(change: ThresholdChange): void {
    const current = this.overrides();
    const next = { ...current, [change.zone]: { ...(current[change.zone] ?? {}), ...change.limits } };
    compartmentLimits(resolveZoneThresholds(next, this.base), this.compartments);
    this.db.transaction(() => {
      this.meta.set(KEY, JSON.stringify(next));
      this.audit.append({
        at: change.at.toISOString(),
        action: 'thresholds_set',
        by: change.by ?? 'marketplace',
        reason: change.zone,
        detail: JSON.stringify(change.limits),
      });
    })();
    this.cached = null;
  }

  private resolved(): { table: ZoneThresholdTable; compartments: Map<number, CompartmentLimits> } {
    if (!this.cached) {
      const table = resolveZoneThresholds(this.overrides(), this.base);
      this.cached = { table, compartments: compartmentLimits(table, this.compartments) };
    }
    return this.cached;
  }

  private overrides(): Record<string, Record<string, unknown>> {
    const value = this.meta.get(KEY);
    return value ? (JSON.parse(value) as Record<string, Record<string, unknown>>) : {};
  }
}
