import type { HardwareHealth, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { StationConfig } from '../config/schema.js';
import {
  AlarmMonitor,
  type AlarmSettings,
  breachCleared,
  breachRaised,
  type CompartmentThresholds,
} from '../domain/alarms/index.js';
import type { AlarmSignal } from '../domain/alarms/types.js';
import type { Clock } from '../domain/clock.js';
import type { ZoneThresholdTable } from '../domain/coldchain/index.js';
import type { StationEvents } from '../station/events.js';
import { AlarmStore } from '../store/coldchain/index.js';
import type { Db } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import { breachesAfterRestart } from './breaches-after-restart.js';
import type { ClockWatch } from './clock-watch.js';
import { OutageWatch } from './outage-watch.js';
import { RuleTime } from './rule-time.js';
import { StorageHealth } from './storage-health.js';

export interface AlarmRecorderDeps {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly hardware: StationHardware;
  readonly events: StationEvents;
  readonly config: StationConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: AlarmSettings;
  readonly thresholds: () => ZoneThresholdTable;
  /** compartments judged by limits of their own (config `compartments[].thresholds`) */
  readonly ownLimits?: () => CompartmentThresholds;
  readonly clockWatch?: ClockWatch;
}

/**
 * Feeds the alarm rules with what the bus says (doors, unlocks, lockouts, board health, readings,
 * holds) and records what they raise and clear. While the database takes no writes, the alarms are
 * kept and recorded once it does again; the first write that works ends the storage fault.
 */
export class AlarmRecorder {
  readonly alarms: AlarmStore;
  private readonly rules: AlarmMonitor;
  private readonly ruleTime: RuleTime;
  private readonly storage = new StorageHealth();
  private readonly outages: OutageWatch;
  /** compartments the station just called forced, between its door and door_forced notices */
  private readonly forcedDoors = new Set<number>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: AlarmRecorderDeps) {
    this.ruleTime = new RuleTime(deps.clock);
    this.alarms = new AlarmStore(deps.db, deps.outbox);
    const own = deps.ownLimits?.() ?? new Map();
    this.rules = new AlarmMonitor({
      thresholds: deps.thresholds(),
      settings: deps.settings,
      compartments: deps.config.compartments.map((c) => ({
        compartment: c.no,
        zone: c.zone,
        probeIds: c.probes,
        thresholds: own.get(c.no),
      })),
    });
    this.outages = new OutageWatch({ ...deps, clockWatch: deps.clockWatch });
  }

  /** False while the database refuses writes (disk full, read-only, locked): doors must then stay shut. */
  storageOk(): boolean {
    return this.storage.ok();
  }

  /**
   * `shutDoors`: the doors known shut after the station's start-up reconciliation; one that opens
   * without an unlock is forced, also when it is only noticed after a board reconnect or a resync.
   */
  start(shutDoors: readonly number[], board: HardwareHealth): void {
    const { events } = this.deps;
    const t = this.ruleTime;
    this.rules.resume(this.alarms.active(), t.now());
    this.apply(this.outages.start(this.deps.clock.now()));
    this.apply(breachesAfterRestart(this.deps.db, this.alarms, this.deps.clock.now()));
    this.unsubscribe.push(
      events.on('door', (n) =>
        n.open
          ? this.doorOpened(n.compartment, n.at)
          : this.applyRules(this.rules.door(t.fromWall(n.at), n.compartment, false)),
      ),
      events.on('door_forced', (n) => this.forcedDoors.add(n.compartment)),
      events.on('unlocked', (n) => this.rules.unlocked(t.fromWall(n.at), n.compartment)),
      events.on('code_rejected', (n) => {
        if (n.lockedForMs > 0) this.applyRules(this.rules.lockout(t.fromWall(n.at)));
      }),
      events.on('storage_fault', (n) => this.storageFailed(n.error)),
      events.on('parcel_held', (n) => this.apply([breachRaised(n, n.zone, { reason: n.reason }, n.at)])),
      events.on('hold_decided', (n) => this.apply([breachCleared(n, n.at)])),
      events.on('hardware.health', (h) =>
        this.applyRules(this.rules.boardHealth(t.now(), h.reachable, h.detail)),
      ),
      events.on('probes.read', ({ at, readings }) => {
        if (readings === null) return this.rules.probesUnknown(t.now());
        const cycle = this.rules.sampleCycle(t.now(), readings);
        this.applyRules(cycle.signals);
        events.emit('temperatures.judged', { at, celsiusByCompartment: cycle.celsiusByCompartment });
      }),
    );
    for (const no of shutDoors) this.applyRules(this.rules.door(t.now(), no, false));
    this.applyRules(this.rules.boardHealth(t.now(), board.reachable, board.detail));
  }

  /** A clean stop is the last moment the station was alive: the next start measures the gap from here. */
  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    try {
      this.outages.stampAlive(this.deps.clock.now());
    } catch (err) {
      this.deps.logger.warn({ err }, 'last alive stamp not written');
    }
  }

  /**
   * Time-driven work: the clock check, the alarm rules' timers, and the "still alive" stamp — which
   * doubles as the storage probe: the first write that works again ends a storage fault.
   */
  tick(): void {
    const { clock, clockWatch } = this.deps;
    const now = clock.now();
    if (clockWatch) {
      this.apply(clockWatch.check());
      this.apply(this.outages.tick(now));
    }
    this.applyRules(this.rules.tick(this.ruleTime.now()));
    this.judgeSerialLine();
    try {
      this.outages.stampAlive(now);
    } catch (err) {
      this.storageFailed(err);
      return;
    }
    const backlog = this.storage.recovered(now);
    if (backlog) {
      this.deps.logger.info('storage writable again');
      this.deps.events.emit('health.changed', { part: 'storage', ok: true });
      this.apply(backlog);
    }
  }

  /** True while serial_line_noisy is raised: the board answers, but its line throws frames away. */
  serialLineNoisy(): boolean {
    return this.rules.serialLineNoisy();
  }

  thresholdsChanged(table: ZoneThresholdTable, own?: CompartmentThresholds): void {
    this.rules.setThresholds(table, own);
  }

  private applyRules(signals: readonly AlarmSignal[]): void {
    this.apply(this.ruleTime.toWall(signals));
  }

  private apply(signals: readonly AlarmSignal[]): void {
    if (signals.length === 0) return;
    try {
      this.alarms.apply(signals);
    } catch (err) {
      this.deps.logger.error({ err }, 'alarm not recorded; kept until storage works again');
      this.storage.keep(signals);
      this.storageFailed(err);
      try {
        this.alarms.reload();
      } catch {
        // the book stays as it was; it matches what is on disk
      }
    }
  }

  /**
   * The station emits a door's `door` notice and, when no unlock was waiting for it, `door_forced`
   * right after. Its word decides: a door it opened for an unlock is authorised however late the
   * door event came (a noisy serial line delays it), so the rules judge only doors the station
   * calls forced.
   */
  private doorOpened(compartment: number, at: Date): void {
    this.forcedDoors.delete(compartment);
    queueMicrotask(() => {
      const rulesAt = this.ruleTime.fromWall(at);
      if (!this.forcedDoors.delete(compartment)) this.rules.unlocked(rulesAt, compartment);
      this.applyRules(this.rules.door(rulesAt, compartment, true));
    });
  }

  /** The driver's line counters against the noise threshold; a change of verdict is news for the birth. */
  private judgeSerialLine(): void {
    const noisyBefore = this.rules.serialLineNoisy();
    const line = this.deps.hardware.health().line;
    this.applyRules(this.rules.serialLine(this.ruleTime.now(), line));
    if (this.rules.serialLineNoisy() === noisyBefore) return;
    this.deps.logger.warn({ line }, noisyBefore ? 'serial line quiet again' : 'serial line noisy');
    this.deps.events.emit('health.changed', { part: 'serial_line' });
  }

  private storageFailed(err: unknown): void {
    if (!this.storage.failed(this.deps.clock.now(), err)) return;
    this.deps.logger.error({ err }, 'storage not writable');
    this.deps.events.emit('health.changed', { part: 'storage', ok: false });
  }
}
