import type { Zone } from '@regiobox/contract';
import type { ProbeReading, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { StationConfig } from '../config/schema.js';
import {
  AlarmError,
  AlarmMonitor,
  AlarmSettings,
  breachCleared,
  breachRaised,
} from '../domain/alarms/index.js';
import type { AlarmSignal } from '../domain/alarms/types.js';
import type { Clock } from '../domain/clock.js';
import { DEFAULT_ZONE_THRESHOLDS, type ZoneThresholdTable } from '../domain/coldchain/index.js';
import type { StationService } from '../station/index.js';
import { AlarmStore } from '../store/coldchain/index.js';
import type { Db } from '../store/database.js';
import { loadedParcels } from '../store/loaded-parcels.js';
import type { Outbox } from '../store/outbox.js';
import { SampleBuffer, SampleStore } from '../store/samples.js';
import type { ClockWatch } from './clock-watch.js';
import { ColdChainBook } from './cold-chain-book.js';
import { OutageWatch } from './outage-watch.js';
import { RuleTime } from './rule-time.js';
import { StorageHealth } from './storage-health.js';
import { ThresholdSettings } from './threshold-settings.js';

export interface StationMonitorDeps {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly hardware: StationHardware;
  readonly station: StationService;
  readonly config: StationConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sampleIntervalMs?: number;
  readonly tickIntervalMs?: number;
  /** the station's view of its clock: checked on every tick, judges the "still alive" stamp */
  readonly clockWatch?: ClockWatch;
  readonly alarmSettings?: Partial<AlarmSettings>;
}

/**
 * The station's watchful part: samples every probe on an interval, writes the samples in batches,
 * feeds the alarm rules with readings, doors, unlocks, board health and lockouts, keeps each loaded
 * parcel's cold-chain record, and holds a parcel whose goods went beyond the zone's budget.
 */
export class StationMonitor {
  readonly alarms: AlarmStore;
  private readonly samples: SampleBuffer;
  private readonly thresholds: ThresholdSettings;
  private monitor: AlarmMonitor;
  private readonly unsubscribe: (() => void)[] = [];
  private timers: NodeJS.Timeout[] = [];
  private sampling: Promise<void> = Promise.resolve();
  private latest: ProbeReading[] = [];
  private readonly log: Logger;
  private readonly settings: AlarmSettings;
  private readonly ruleTime: RuleTime;
  private readonly storage = new StorageHealth();
  /** compartments the station just called forced, between its door and door_forced notices */
  private readonly forcedDoors = new Set<number>();
  private readonly healthListeners = new Set<() => void>();
  private readonly outages: OutageWatch;
  private readonly coldChain: ColdChainBook;

  constructor(private readonly deps: StationMonitorDeps) {
    this.log = deps.logger.child({ component: 'monitor' });
    const hw = deps.config.hardware;
    this.settings = AlarmSettings.parse({
      ...(hw.driver === 'serial-board' ? { serialLineNoisyFrames: hw.noisyLineFrames } : {}),
      ...deps.alarmSettings,
    });
    this.ruleTime = new RuleTime(deps.clock);
    this.alarms = new AlarmStore(deps.db, deps.outbox);
    this.coldChain = new ColdChainBook(deps.db, deps.station, this.log);
    this.thresholds = new ThresholdSettings(deps.db, DEFAULT_ZONE_THRESHOLDS);
    this.samples = new SampleBuffer(new SampleStore(deps.db), {
      maxSamples: 200,
      maxAgeMs: 60_000,
      onError: (err) => {
        this.log.error({ err }, 'sample batch not written');
        this.storageFailed(err);
      },
    });
    this.monitor = this.newMonitor(this.thresholds.table());
    this.outages = new OutageWatch({
      db: deps.db,
      clock: deps.clock,
      config: deps.config,
      settings: this.settings,
      thresholds: () => this.thresholds.table(),
      clockWatch: deps.clockWatch,
    });
  }

  /** Latest readings, for telemetry and the state message. */
  readings(): readonly ProbeReading[] {
    return this.latest;
  }

  /** True while serial_line_noisy is raised: the board answers, but its line throws frames away. */
  serialLineNoisy(): boolean {
    return this.monitor.serialLineNoisy();
  }

  /** False while the database refuses writes (disk full, read-only, locked): doors must then stay shut. */
  storageOk(): boolean {
    return this.storage.ok();
  }

  /** Storage or clock health changed: the status birth should be republished. */
  onHealthChange(listener: () => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  zoneThresholds(): ZoneThresholdTable {
    return this.thresholds.table();
  }

  start(): void {
    const { clock, station, hardware, clockWatch } = this.deps;
    const now = clock.now();
    const rules = this.ruleTime;
    this.monitor.resume(this.alarms.active(), rules.now());
    this.apply(this.outages.start(now));
    this.apply(this.breachesAfterRestart(now));
    this.coldChain.attach();
    this.unsubscribe.push(
      station.onNotice((n) => {
        if (n.type === 'door' && n.open) this.doorOpened(n.compartment, n.at);
        else if (n.type === 'door')
          this.applyRules(this.monitor.door(rules.fromWall(n.at), n.compartment, n.open));
        else if (n.type === 'door_forced') this.forcedDoors.add(n.compartment);
        else if (n.type === 'unlocked') this.monitor.unlocked(rules.fromWall(n.at), n.compartment);
        else if (n.type === 'code_rejected' && n.lockedForMs > 0)
          this.applyRules(this.monitor.lockout(rules.fromWall(n.at)));
        else if (n.type === 'storage_fault') this.storageFailed(n.error);
        else if (n.type === 'parcel_held') this.apply([breachRaised(n, n.zone, { reason: n.reason }, n.at)]);
        else if (n.type === 'hold_decided') this.apply([breachCleared(n, n.at)]);
      }),
      hardware.onHealthChange((h) =>
        this.applyRules(this.monitor.boardHealth(rules.now(), h.reachable, h.detail)),
      ),
    );
    if (clockWatch) this.unsubscribe.push(clockWatch.onChange(() => this.healthChanged()));
    // the doors known shut after the station's start-up reconciliation: one that opens without an
    // unlock is forced, also when it is only noticed after a board reconnect or a storage resync
    for (const c of station.snapshot())
      if (c.doorOpen === false) this.applyRules(this.monitor.door(rules.now(), c.no, false));
    const health = hardware.health();
    this.applyRules(this.monitor.boardHealth(rules.now(), health.reachable, health.detail));
    const sampleMs = this.deps.sampleIntervalMs ?? 10_000;
    const tickMs = this.deps.tickIntervalMs ?? 5_000;
    this.timers = [setInterval(() => void this.sample(), sampleMs), setInterval(() => this.tick(), tickMs)];
    for (const t of this.timers) t.unref();
    void this.sample();
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const u of this.unsubscribe.splice(0)) u();
    await this.sampling;
    this.samples.close();
    // a clean stop is the last moment the station was alive: the next start measures the gap from here
    try {
      this.outages.stampAlive(this.deps.clock.now());
    } catch (err) {
      this.log.warn({ err }, 'last alive stamp not written');
    }
  }

  /** One sampling cycle: read all probes, store, judge, account the cold chain. */
  sample(): Promise<void> {
    this.sampling = this.sampling
      .then(() => this.sampleOnce())
      .catch((err) => {
        this.log.error({ err }, 'sampling failed');
      });
    return this.sampling;
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
    this.applyRules(this.monitor.tick(this.ruleTime.now()));
    this.judgeSerialLine();
    try {
      this.outages.stampAlive(now);
    } catch (err) {
      this.storageFailed(err);
      return;
    }
    const backlog = this.storage.recovered(now);
    if (backlog) {
      this.log.info('storage writable again');
      this.healthChanged();
      this.apply(backlog);
    }
  }

  async acknowledgeAlarm(alarmId: string, by: string, note: string): Promise<void> {
    if (!this.alarms.find(alarmId))
      throw new AlarmError('UNKNOWN_ALARM', `no alarm ${alarmId} at this station`);
    this.alarms.acknowledge(alarmId, by, note, this.deps.clock.now());
  }

  async setThresholds(zone: Zone, limits: Parameters<ThresholdSettings['set']>[1]): Promise<void> {
    this.thresholds.set(zone, limits);
    this.monitor.setThresholds(this.thresholds.table());
  }

  private async sampleOnce(): Promise<void> {
    const { hardware, clock } = this.deps;
    let readings: ProbeReading[];
    try {
      readings = await hardware.thermometers.read();
    } catch {
      // board unreachable: the board rule raises that; the probes are unknown, not missing
      this.monitor.probesUnknown(this.ruleTime.now());
      return;
    }
    const at = clock.now();
    const faulty = (rs: readonly ProbeReading[]) =>
      rs
        .filter((r) => r.status !== 'ok')
        .map((r) => r.probeId)
        .join(',');
    const probesChanged = faulty(this.latest) !== faulty(readings);
    this.latest = readings;
    if (probesChanged) this.healthChanged();
    for (const r of readings)
      this.samples.add({ probeId: r.probeId, at: at.toISOString(), celsius: r.celsius, status: r.status });
    const cycle = this.monitor.sampleCycle(this.ruleTime.now(), readings);
    this.applyRules(cycle.signals);
    await this.coldChain.account(at, cycle.celsiusByCompartment, this.thresholds.table());
  }

  private applyRules(signals: readonly AlarmSignal[]): void {
    this.apply(this.ruleTime.toWall(signals));
  }

  private apply(signals: readonly AlarmSignal[]): void {
    if (signals.length === 0) return;
    try {
      this.alarms.apply(signals);
    } catch (err) {
      this.log.error({ err }, 'alarm not recorded; kept until storage works again');
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
      if (!this.forcedDoors.delete(compartment)) this.monitor.unlocked(rulesAt, compartment);
      this.applyRules(this.monitor.door(rulesAt, compartment, true));
    });
  }

  /**
   * A hold and its alarm commit one after the other: a crash between them would leave a held parcel
   * without its cold_chain_breach alarm, or a decided one with its alarm still raised. Set it right.
   */
  private breachesAfterRestart(at: Date): AlarmSignal[] {
    const held = loadedParcels(this.deps.db).filter((p) => p.state === 'held');
    const raised = new Set(
      this.alarms
        .active()
        .filter((a) => a.kind === 'cold_chain_breach' && a.clearedAt === null)
        .map((a) => a.compartment),
    );
    const signals: AlarmSignal[] = [];
    for (const p of held) {
      if (raised.has(p.compartmentNo)) continue;
      raised.add(p.compartmentNo);
      const ref = { orderId: p.orderId, parcelId: p.parcelId, compartment: p.compartmentNo };
      signals.push(breachRaised(ref, p.zone, { reason: 'held before the station restarted' }, at));
    }
    const stillHeld = new Set(held.map((p) => p.compartmentNo));
    for (const no of raised) {
      if (no === null || stillHeld.has(no)) continue;
      signals.push(breachCleared({ orderId: '', parcelId: '', compartment: no }, at));
    }
    return signals;
  }

  /** The driver's line counters against the noise threshold; a change of verdict is news for the birth. */
  private judgeSerialLine(): void {
    const noisyBefore = this.monitor.serialLineNoisy();
    this.applyRules(this.monitor.serialLine(this.ruleTime.now(), this.deps.hardware.health().line));
    if (this.monitor.serialLineNoisy() === noisyBefore) return;
    this.log.warn(
      { line: this.deps.hardware.health().line },
      noisyBefore ? 'serial line quiet again' : 'serial line noisy',
    );
    this.healthChanged();
  }

  private storageFailed(err: unknown): void {
    if (!this.storage.failed(this.deps.clock.now(), err)) return;
    this.log.error({ err }, 'storage not writable');
    this.healthChanged();
  }

  private healthChanged(): void {
    for (const l of this.healthListeners) {
      try {
        l();
      } catch (err) {
        this.log.error({ err }, 'health listener failed');
      }
    }
  }

  private newMonitor(table: ZoneThresholdTable): AlarmMonitor {
    return new AlarmMonitor({
      thresholds: table,
      settings: this.settings,
      compartments: this.deps.config.compartments.map((c) => ({
        compartment: c.no,
        zone: c.zone,
        probeIds: c.probes,
      })),
    });
  }
}
