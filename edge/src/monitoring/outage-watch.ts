import type { StationConfig } from '../config/schema.js';
import { type AlarmSettings, assessPowerGap } from '../domain/alarms/index.js';
import type { AlarmSignal } from '../domain/alarms/types.js';
import type { Clock } from '../domain/clock.js';
import type { ZoneThresholdTable } from '../domain/coldchain/index.js';
import type { Db } from '../store/database.js';
import { loadedParcels } from '../store/loaded-parcels.js';
import { MetaStore } from '../store/meta.js';
import type { ClockWatch } from './clock-watch.js';

const ALIVE_KEY = 'monitor:last_alive';

export interface OutageWatchDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: StationConfig;
  readonly settings: AlarmSettings;
  readonly thresholds: () => ZoneThresholdTable;
  readonly clockWatch?: ClockWatch;
}

/**
 * Power outages, told by a "still alive" stamp: written every few seconds, read at the next start.
 * The stamp is the judged time, not the wall clock, so an old clock after a reboot cannot fake a long
 * outage; and when the station starts on an unsynchronised clock the outage is judged once the clock
 * is right, from the moment the station came up.
 */
export class OutageWatch {
  private deferred: { readonly lastAliveAt: Date | null; readonly startMono: number } | null = null;

  private readonly meta: MetaStore;

  constructor(private readonly deps: OutageWatchDeps) {
    this.meta = new MetaStore(deps.db);
  }

  /** At start: power_restored now, or nothing until the clock is synchronised. */
  start(now: Date): AlarmSignal[] {
    const lastAliveAt = this.lastAlive();
    if (this.deps.clockWatch?.unsynced()) {
      this.deferred = { lastAliveAt, startMono: this.deps.clock.monotonicMs() };
      return [];
    }
    return this.assess(lastAliveAt, now);
  }

  /** On every tick: the deferred judgement, once the clock is synchronised. */
  tick(now: Date): AlarmSignal[] {
    const pending = this.deferred;
    if (!pending || this.deps.clockWatch?.unsynced()) return [];
    this.deferred = null;
    const startedAt = new Date(now.getTime() - (this.deps.clock.monotonicMs() - pending.startMono));
    return this.assess(pending.lastAliveAt, startedAt);
  }

  /** Throws when storage refuses the write: the monitor's storage probe. */
  stampAlive(now: Date): void {
    const alive = this.deps.clockWatch?.judgeNow() ?? now;
    this.meta.setTime(ALIVE_KEY, alive);
  }

  private lastAlive(): Date | null {
    const value = this.meta.get(ALIVE_KEY);
    return value === undefined ? null : new Date(value);
  }

  /** `now`: when the station came back up. */
  private assess(lastAliveAt: Date | null, now: Date): AlarmSignal[] {
    const loaded = new Set(loadedParcels(this.deps.db).map((p) => p.compartmentNo));
    const assessment = assessPowerGap({
      lastAliveAt,
      now,
      compartments: this.deps.config.compartments.map((c) => ({
        compartment: c.no,
        zone: c.zone,
        loaded: loaded.has(c.no),
      })),
      thresholds: this.deps.thresholds(),
      settings: this.deps.settings,
    });
    return [...assessment.signals];
  }
}
