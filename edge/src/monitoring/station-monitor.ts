import type { Zone } from '@regiobox/contract';
import type { ProbeReading, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { StationConfig } from '../config/schema.js';
import { AlarmError, AlarmSettings } from '../domain/alarms/index.js';
import type { Clock } from '../domain/clock.js';
import {
  type CompartmentLimits,
  resolveZoneThresholds,
  type ZoneThresholds,
  type ZoneThresholdTable,
} from '../domain/coldchain/index.js';
import type { StationEvents } from '../station/events.js';
import type { StationService } from '../station/index.js';
import type { AlarmStore } from '../store/coldchain/index.js';
import type { Db } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import { AlarmRecorder } from './alarm-recorder.js';
import type { ClockWatch } from './clock-watch.js';
import { ColdChainKeeper } from './cold-chain-keeper.js';
import { ProbeSampler } from './probe-sampler.js';
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
  /** a van's position now, stored with each sample */
  readonly positionNow?: () => { readonly lat: number; readonly lon: number } | null;
}

/**
 * The station's watchful part, three subscribers to the station's bus on two timers: the probe
 * sampler (readings → bus), the alarm recorder (doors, unlocks, board, readings → alarms) and the
 * cold-chain keeper (judged temperatures → each loaded parcel's record, holds).
 */
export class StationMonitor {
  private readonly events: StationEvents;
  private readonly thresholds: ThresholdSettings;
  private readonly sampler: ProbeSampler;
  private readonly recorder: AlarmRecorder;
  private readonly coldChain: ColdChainKeeper;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly deps: StationMonitorDeps) {
    const logger = deps.logger.child({ component: 'monitor' });
    this.events = deps.station.events;
    // the config's limits (zones, then each compartment's own), with set_thresholds' on top
    this.thresholds = new ThresholdSettings(
      deps.db,
      resolveZoneThresholds(deps.config.thresholds),
      deps.config.compartments,
    );
    const thresholds = () => this.thresholds.table();
    const ownLimits = () => this.ownLimits();
    const limitsOf = (no: number, zone: Zone) => this.thresholds.forCompartment(no, zone);
    const hw = deps.config.hardware;
    const settings = AlarmSettings.parse({
      ...(hw.driver === 'serial-board' ? { serialLineNoisyFrames: hw.noisyLineFrames } : {}),
      ...deps.alarmSettings,
    });
    const events = this.events;
    this.sampler = new ProbeSampler({
      ...deps,
      events,
      logger,
      limitsOf: (probeId) => this.probeLimits(probeId),
    });
    this.recorder = new AlarmRecorder({ ...deps, events, logger, settings, thresholds, ownLimits });
    this.coldChain = new ColdChainKeeper({ ...deps, events, logger, limitsOf });
  }

  get alarms(): AlarmStore {
    return this.recorder.alarms;
  }

  /** Latest readings, for telemetry and the state message. */
  readings(): readonly ProbeReading[] {
    return this.sampler.readings();
  }

  /** True while serial_line_noisy is raised: the board answers, but its line throws frames away. */
  serialLineNoisy(): boolean {
    return this.recorder.serialLineNoisy();
  }

  /** False while the database refuses writes (disk full, read-only, locked): doors must then stay shut. */
  storageOk(): boolean {
    return this.recorder.storageOk();
  }

  /** Storage, probe, serial line or clock health changed: the status birth should be republished. */
  onHealthChange(listener: () => void): () => void {
    const offs = [
      this.events.on('health.changed', () => listener()),
      this.events.on('clock.status', () => listener()),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  zoneThresholds(): ZoneThresholdTable {
    return this.thresholds.table();
  }

  /** The limits each compartment is judged by now: for the status and the charts. */
  compartmentLimits(): readonly CompartmentLimits[] {
    return [...this.thresholds.byCompartment().values()];
  }

  /** Writes the samples waiting in memory (the daily summary counts what was sampled up to now). */
  flushSamples(): void {
    this.sampler.flush();
  }

  start(): void {
    const { station, hardware } = this.deps;
    this.coldChain.start();
    const shut = station
      .snapshot()
      .filter((c) => c.doorOpen === false)
      .map((c) => c.no);
    this.recorder.start(shut, hardware.health());
    const sampleMs = this.deps.sampleIntervalMs ?? 10_000;
    const tickMs = this.deps.tickIntervalMs ?? 5_000;
    this.timers = [setInterval(() => void this.sample(), sampleMs), setInterval(() => this.tick(), tickMs)];
    for (const t of this.timers) t.unref();
    void this.sample();
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.sampler.stop();
    await this.coldChain.stop();
    this.recorder.stop();
  }

  /** One sampling cycle: read all probes, store, judge, account the cold chain. */
  async sample(): Promise<void> {
    await this.sampler.sample();
    await this.coldChain.idle();
  }

  tick(): void {
    this.recorder.tick();
  }

  async acknowledgeAlarm(alarmId: string, by: string, note: string): Promise<void> {
    if (!this.alarms.find(alarmId))
      throw new AlarmError('UNKNOWN_ALARM', `no alarm ${alarmId} at this station`);
    this.alarms.acknowledge(alarmId, by, note, this.deps.clock.now());
  }

  /** `set_thresholds`: stored and audited, then in force for alarms, samples and cold-chain records. */
  async setThresholds(zone: Zone, limits: Record<string, unknown>, by?: string): Promise<void> {
    this.thresholds.set({ zone, limits, by, at: this.deps.clock.now() });
    this.recorder.thresholdsChanged(this.thresholds.table(), this.ownLimits());
    // the birth carries the limits: republish it
    this.events.emit('health.changed', { part: 'limits' });
  }

  /** The limits of the compartment a probe measures (its first, for a shared probe), or none. */
  private probeLimits(
    probeId: string,
  ): { upperCelsius: number | null; lowerCelsius: number | null } | undefined {
    const c = this.deps.config.compartments.find((x) => x.probes.includes(probeId));
    if (!c) return undefined;
    const t = this.thresholds.forCompartment(c.no, c.zone);
    return { upperCelsius: t.upperCelsius, lowerCelsius: t.lowerCelsius };
  }

  private ownLimits(): Map<number, ZoneThresholds> {
    return new Map([...this.thresholds.byCompartment()].map(([no, l]) => [no, l.thresholds]));
  }
}
