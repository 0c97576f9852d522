import type { Zone } from '@regiobox/contract';
import type { AlarmSettings } from './settings.js';
import { alarmSeverity } from './severity.js';
import {
  type AlarmKindName,
  type AlarmSignal,
  type AlarmSubject,
  formatCelsius,
  formatDuration,
} from './types.js';

export interface ProbeInput {
  readonly celsius: number | null;
  readonly status: 'ok' | 'missing' | 'fault';
}

export interface ProbeVerdict {
  readonly signals: AlarmSignal[];
  /** the reading if it can be trusted, else null: only this goes to temperature rules and records */
  readonly celsius: number | null;
}

type ProbeKind = 'probe_missing' | 'probe_stuck' | 'probe_implausible';

/**
 * The health of one probe: missing (no `ok` reading for a while; a `fault` status counts as none),
 * stuck (the value has not changed at all for hours), implausible (out of the sensor's range, or a
 * jump no air can make, repeatedly). It also filters: implausible readings never reach the
 * temperature rules or the cold-chain record.
 */
export class ProbeRule {
  private watchSinceMs: number | null = null;
  private lastOkMs: number | null = null;
  private lastStatus: ProbeInput['status'] | 'none' = 'none';
  private reference: { atMs: number; celsius: number } | null = null;
  private unchanged: { celsius: number; sinceMs: number } | null = null;
  private implausibleAtMs: number[] = [];
  private lastImplausibleWhy = '';
  /** since when nothing could be read at all (the board that carries the probes is away) */
  private unknownSinceMs: number | null = null;
  private readonly raised = new Set<ProbeKind>();

  constructor(
    private readonly subject: AlarmSubject,
    private readonly zone: Zone,
    private readonly settings: AlarmSettings,
  ) {}

  resume(kind: ProbeKind, at: Date): void {
    this.raised.add(kind);
    // the quiet time before probe_implausible clears counts from the restart
    if (kind === 'probe_implausible') this.implausibleAtMs = [at.getTime()];
  }

  /**
   * Nothing could be read this cycle, from any probe: the board or bus that carries them is away.
   * The probe is unknown, not missing — board_unreachable says what is wrong — so its silence is not
   * judged until a reading comes again, and then it counts from there.
   */
  unknown(at: Date): void {
    this.unknownSinceMs ??= at.getTime();
  }

  reading(at: Date, input: ProbeInput): ProbeVerdict {
    const atMs = at.getTime();
    if (this.unknownSinceMs !== null) {
      this.unknownSinceMs = null;
      this.watchSinceMs = atMs;
      this.lastOkMs = null;
    }
    this.watchSinceMs ??= atMs;
    this.lastStatus = input.status;
    const c = input.celsius;
    if (input.status !== 'ok' || c === null || !Number.isFinite(c))
      return { signals: this.tick(at), celsius: null };

    this.lastOkMs = atMs;
    const signals = this.clearIfRaised('probe_missing', at);
    const why = this.implausibility(atMs, c);
    if (why) {
      this.implausibleAtMs.push(atMs);
      this.lastImplausibleWhy = why;
      return { signals: [...signals, ...this.tick(at)], celsius: null };
    }
    this.reference = { atMs, celsius: c };
    signals.push(...this.stuckCheck(at, c), ...this.tick(at));
    return { signals, celsius: c };
  }

  /** Time passes: a probe that stops reporting altogether is missing, a quiet one is plausible again. */
  tick(at: Date): AlarmSignal[] {
    const atMs = at.getTime();
    this.watchSinceMs ??= atMs;
    const signals: AlarmSignal[] = [];
    const silentMs = atMs - (this.lastOkMs ?? this.watchSinceMs);
    if (this.unknownSinceMs === null && silentMs > this.settings.probeMissingAfterSeconds * 1000) {
      const status = this.lastStatus === 'none' ? 'no reading at all' : `status ${this.lastStatus}`;
      signals.push(
        ...this.raiseOnce('probe_missing', at, `no reading for ${formatDuration(silentMs)} (${status})`),
      );
    }
    const windowMs = this.settings.probeImplausibleWindowSeconds * 1000;
    this.implausibleAtMs = this.implausibleAtMs.filter((t) => atMs - t < windowMs);
    if (this.implausibleAtMs.length >= this.settings.probeImplausibleCount) {
      const n = this.implausibleAtMs.length;
      signals.push(
        ...this.raiseOnce(
          'probe_implausible',
          at,
          `${n} implausible readings, last: ${this.lastImplausibleWhy}`,
        ),
      );
    } else if (this.implausibleAtMs.length === 0) {
      signals.push(...this.clearIfRaised('probe_implausible', at));
    }
    return signals;
  }

  private implausibility(atMs: number, c: number): string | null {
    const { probeMinCelsius: min, probeMaxCelsius: max } = this.settings;
    if (c < min || c > max) return `${formatCelsius(c)} outside the sensor range ${min}..${max} °C`;
    const ref = this.reference;
    if (!ref || atMs - ref.atMs > this.settings.probeJumpWindowSeconds * 1000) return null;
    if (Math.abs(c - ref.celsius) <= this.settings.probeMaxJumpCelsius) return null;
    return `jumped from ${formatCelsius(ref.celsius)} to ${formatCelsius(c)} in ${formatDuration(atMs - ref.atMs)}`;
  }

  private stuckCheck(at: Date, c: number): AlarmSignal[] {
    const atMs = at.getTime();
    if (!this.unchanged || this.unchanged.celsius !== c) {
      // after a restart the first reading is only the new reference, not a change
      const hadReference = this.unchanged !== null;
      this.unchanged = { celsius: c, sinceMs: atMs };
      return hadReference ? this.clearIfRaised('probe_stuck', at) : [];
    }
    const forMs = atMs - this.unchanged.sinceMs;
    if (forMs < this.settings.probeStuckAfterSeconds * 1000) return [];
    return this.raiseOnce('probe_stuck', at, `reads exactly ${c} °C for ${formatDuration(forMs)}`);
  }

  private raiseOnce(kind: ProbeKind, at: Date, what: string): AlarmSignal[] {
    if (this.raised.has(kind)) return [];
    this.raised.add(kind);
    const where = this.subject.compartment === null ? '' : ` in compartment ${this.subject.compartment}`;
    const detail = `probe ${this.subject.probeId ?? '?'}${where} (${this.zone}): ${what}`;
    return [
      { type: 'raise', kind, subject: this.subject, severity: alarmSeverity(kind, this.zone), detail, at },
    ];
  }

  private clearIfRaised(kind: AlarmKindName & ProbeKind, at: Date): AlarmSignal[] {
    if (!this.raised.delete(kind)) return [];
    return [{ type: 'clear', kind, subject: this.subject, at }];
  }
}
