import type { Zone } from '@regiobox/contract';
import type { ZoneThresholds, ZoneThresholdTable } from '../coldchain/zones.js';
import { BoardRule } from './board-rule.js';
import { DoorRule, type UnlockOptions } from './door-rule.js';
import { AlarmError } from './errors.js';
import { type LineCounters, LineNoiseRule } from './line-noise-rule.js';
import { type ProbeInput, ProbeRule } from './probe-rule.js';
import { type AlarmSettings, DEFAULT_ALARM_SETTINGS } from './settings.js';
import { TemperatureRule } from './temperature-rule.js';
import type { AlarmKindName, AlarmSignal, AlarmSubject } from './types.js';
import { WrongCodesRule } from './wrong-codes-rule.js';

export interface MonitoredCompartment {
  readonly compartment: number;
  readonly zone: Zone;
  /** the probes that measure it; a probe may serve several compartments of one zone section */
  readonly probeIds: readonly string[];
  /** its own limits where they differ from its zone's (`compartmentLimits`) */
  readonly thresholds?: ZoneThresholds;
}

/** Per compartment, the limits that differ from the zone's. */
export type CompartmentThresholds = ReadonlyMap<number, ZoneThresholds>;

export interface ActiveAlarm extends AlarmSubject {
  readonly kind: AlarmKindName;
}

export interface AlarmMonitorOptions {
  readonly compartments: readonly MonitoredCompartment[];
  readonly thresholds: ZoneThresholdTable;
  readonly settings?: AlarmSettings;
}

export interface SampleCycle {
  readonly signals: AlarmSignal[];
  /**
   * Per compartment, the warmest trusted reading of its probes (the cold chain is only as good as
   * its warmest spot); null when none of them gave one. Feed this to the cold-chain records.
   */
  readonly celsiusByCompartment: ReadonlyMap<number, number | null>;
}

/**
 * After the board is back, the station reads the doors again and reports what changed while it was
 * away; door timers wait this long for that report before they judge again.
 */
const DOOR_RESYNC_MS = 5_000;

interface ProbeRules {
  readonly zone: Zone;
  readonly compartments: readonly number[];
  readonly health: ProbeRule;
  readonly temperature: TemperatureRule;
}

/**
 * Every alarm rule of one station behind one surface: feed it what happens (readings, door changes,
 * unlocks, board health, lockouts) and call `tick` every few seconds; it returns raise/clear
 * signals for the AlarmBook. No timers and no I/O: time comes in with every call.
 */
export class AlarmMonitor {
  private readonly probes = new Map<string, ProbeRules>();
  private readonly doors = new Map<number, DoorRule>();
  private readonly compartmentNos: readonly number[];
  private readonly board: BoardRule;
  private readonly wrongCodes: WrongCodesRule;
  private readonly lineNoise: LineNoiseRule;
  /** door states are stale until this time: Infinity while the board is away, null when fresh */
  private doorsStaleUntilMs: number | null = null;

  constructor(options: AlarmMonitorOptions) {
    const settings = options.settings ?? DEFAULT_ALARM_SETTINGS;
    for (const [probeId, { zone, compartments }] of probesOf(options.compartments)) {
      // a probe for a whole section raises one alarm for the section, not one per compartment
      const subject = { compartment: compartments.length === 1 ? (compartments[0] ?? null) : null, probeId };
      this.probes.set(probeId, {
        zone,
        compartments,
        health: new ProbeRule(subject, zone, settings),
        temperature: new TemperatureRule(
          subject,
          zone,
          probeThresholds(options.thresholds, zone, compartments, ownLimits(options.compartments)),
        ),
      });
    }
    this.compartmentNos = options.compartments.map((c) => c.compartment);
    for (const c of options.compartments) {
      this.doors.set(
        c.compartment,
        new DoorRule({ compartment: c.compartment, probeId: null }, c.zone, settings),
      );
    }
    this.board = new BoardRule(settings);
    this.wrongCodes = new WrongCodesRule(settings);
    this.lineNoise = new LineNoiseRule(settings);
  }

  /** After a restart: alarms still active in the store (AlarmBook.active()), so that they can clear. */
  resume(active: readonly ActiveAlarm[], at: Date): void {
    for (const a of active) {
      const probe = a.probeId === null ? undefined : this.probes.get(a.probeId);
      const door = a.compartment === null ? undefined : this.doors.get(a.compartment);
      switch (a.kind) {
        case 'temperature_high':
        case 'temperature_low':
          probe?.temperature.resume(a.kind, at);
          break;
        case 'probe_missing':
        case 'probe_stuck':
        case 'probe_implausible':
          probe?.health.resume(a.kind, at);
          break;
        case 'door_left_open':
        case 'door_forced':
          door?.resume(a.kind);
          break;
        case 'board_unreachable':
          this.board.resume();
          break;
        case 'wrong_codes':
          this.wrongCodes.resume(at);
          break;
        case 'serial_line_noisy':
          this.lineNoise.resume();
          break;
        default:
          // power_restored, cold_chain_breach and the rest are cleared by whoever raised them
          break;
      }
    }
  }

  /** New limits (`set_thresholds`): rules judge from the next reading on; raised alarms clear by them. */
  setThresholds(thresholds: ZoneThresholdTable, byCompartment: CompartmentThresholds = new Map()): void {
    for (const { zone, compartments, temperature } of this.probes.values())
      temperature.setThresholds(probeThresholds(thresholds, zone, compartments, byCompartment));
  }

  /** One probe's reading. Returns its signals and the reading if it can be trusted. Unknown probes are ignored. */
  reading(at: Date, probeId: string, input: ProbeInput): { signals: AlarmSignal[]; celsius: number | null } {
    const rules = this.probes.get(probeId);
    if (!rules) return { signals: [], celsius: null };
    const verdict = rules.health.reading(at, input);
    return {
      signals: [...verdict.signals, ...rules.temperature.sample(at, verdict.celsius)],
      celsius: verdict.celsius,
    };
  }

  /** All readings of one sampling cycle at once. */
  sampleCycle(at: Date, readings: readonly (ProbeInput & { readonly probeId: string })[]): SampleCycle {
    const signals: AlarmSignal[] = [];
    const celsiusByCompartment = new Map<number, number | null>(this.compartmentNos.map((c) => [c, null]));
    for (const r of readings) {
      const { signals: s, celsius } = this.reading(at, r.probeId, r);
      signals.push(...s);
      for (const compartment of this.probes.get(r.probeId)?.compartments ?? []) {
        const before = celsiusByCompartment.get(compartment) ?? null;
        celsiusByCompartment.set(
          compartment,
          celsius === null ? before : Math.max(before ?? celsius, celsius),
        );
      }
    }
    return { signals, celsiusByCompartment };
  }

  door(at: Date, compartment: number, open: boolean | null): AlarmSignal[] {
    return this.doors.get(compartment)?.door(at, open) ?? [];
  }

  /** Call when the station pulses a lock for a valid reason, before the door can report open. */
  unlocked(at: Date, compartment: number, options?: UnlockOptions): void {
    this.doors.get(compartment)?.unlocked(at, options);
  }

  /** Nothing could be read from any probe this cycle: they are unknown, not missing. */
  probesUnknown(at: Date): void {
    for (const rules of this.probes.values()) rules.health.unknown(at);
  }

  /**
   * While the board is away the doors' last known states are stale: a door seen open may have shut
   * long ago, so door_left_open is not judged until the board is back and the doors were read again.
   */
  boardHealth(at: Date, reachable: boolean, detail?: string): AlarmSignal[] {
    if (!reachable) this.doorsStaleUntilMs = Number.POSITIVE_INFINITY;
    else if (this.doorsStaleUntilMs !== null) this.doorsStaleUntilMs = at.getTime() + DOOR_RESYNC_MS;
    return this.board.health(at, reachable, detail);
  }

  /** The serial driver's running line counters, on every tick; undefined for a driver without a line. */
  serialLine(at: Date, counters: LineCounters | undefined): AlarmSignal[] {
    return this.lineNoise.line(at, counters);
  }

  /** True while serial_line_noisy is raised: the board is reachable but degraded. */
  serialLineNoisy(): boolean {
    return this.lineNoise.noisy;
  }

  lockout(at: Date): AlarmSignal[] {
    return this.wrongCodes.lockout(at);
  }

  /** Time-driven checks: door left open, probe silent, board still away, quiet windows ending. */
  tick(at: Date): AlarmSignal[] {
    const signals: AlarmSignal[] = [];
    for (const rules of this.probes.values()) signals.push(...rules.health.tick(at));
    if (this.doorsStaleUntilMs !== null && at.getTime() >= this.doorsStaleUntilMs)
      this.doorsStaleUntilMs = null;
    if (this.doorsStaleUntilMs === null)
      for (const door of this.doors.values()) signals.push(...door.tick(at));
    signals.push(...this.board.tick(at), ...this.wrongCodes.tick(at));
    return signals;
  }
}

/** Inverts compartment → probes. A probe serving two zones is a configuration error. */
const ownLimits = (compartments: readonly MonitoredCompartment[]): CompartmentThresholds =>
  new Map(compartments.flatMap((c) => (c.thresholds ? [[c.compartment, c.thresholds] as const] : [])));

/**
 * A probe judges by its compartment's limits; a probe shared by a section judges by its first
 * compartment's (the config refuses different overrides on compartments that share a probe).
 */
const probeThresholds = (
  table: ZoneThresholdTable,
  zone: Zone,
  compartments: readonly number[],
  byCompartment: CompartmentThresholds,
): ZoneThresholds => {
  const first = compartments[0];
  return (first === undefined ? undefined : byCompartment.get(first)) ?? table[zone];
};

const probesOf = (
  compartments: readonly MonitoredCompartment[],
): Map<string, { zone: Zone; compartments: number[] }> => {
  const probes = new Map<string, { zone: Zone; compartments: number[] }>();
  for (const c of compartments) {
    for (const probeId of c.probeIds) {
      const known = probes.get(probeId);
      if (!known) probes.set(probeId, { zone: c.zone, compartments: [c.compartment] });
      else if (known.zone !== c.zone) {
        throw new AlarmError(
          'INVALID_ALARM_CONFIG',
          `probe ${probeId} is configured for zones ${known.zone} and ${c.zone}`,
        );
      } else known.compartments.push(c.compartment);
    }
  }
  return probes;
};
