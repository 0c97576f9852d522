import type { Zone } from '@regiobox/contract';
import type { ZoneThresholds } from '../coldchain/zones.js';
import { alarmSeverity } from './severity.js';
import { type AlarmSignal, type AlarmSubject, formatCelsius, formatDuration } from './types.js';

type Direction = 'high' | 'low';

type Phase =
  | { readonly name: 'normal' }
  | { readonly name: 'pending'; readonly sinceMs: number; readonly peak: number }
  | { readonly name: 'raised'; readonly sinceMs: number; readonly peak: number };

const KIND = { high: 'temperature_high', low: 'temperature_low' } as const;

/**
 * One direction of one probe's temperature: normal → pending (outside the limit, waiting out the
 * delay) → raised (one raise) → normal again once the reading is back inside by the hysteresis (one
 * clear). A reading back inside during the delay ends the episode silently: that was a door spike.
 */
class Excursion {
  private phase: Phase = { name: 'normal' };

  constructor(private readonly direction: Direction) {}

  resume(atMs: number): void {
    this.phase = { name: 'raised', sinceMs: atMs, peak: Number.NaN };
  }

  sample(atMs: number, celsius: number, t: ZoneThresholds): 'raise' | 'clear' | null {
    const limit = this.direction === 'high' ? t.upperCelsius : t.lowerCelsius;
    const p = this.phase;
    if (limit === null) {
      // the limit was switched off while an episode ran: it is over
      this.phase = { name: 'normal' };
      return p.name === 'raised' ? 'clear' : null;
    }
    const outside = this.direction === 'high' ? celsius > limit : celsius < limit;
    const worse = (a: number) =>
      Number.isNaN(a) ? celsius : this.direction === 'high' ? Math.max(a, celsius) : Math.min(a, celsius);
    if (p.name === 'raised') {
      const back =
        this.direction === 'high'
          ? celsius <= limit - t.hysteresisCelsius
          : celsius >= limit + t.hysteresisCelsius;
      this.phase = back ? { name: 'normal' } : { ...p, peak: worse(p.peak) };
      return back ? 'clear' : null;
    }
    if (!outside) {
      this.phase = { name: 'normal' };
      return null;
    }
    const sinceMs = p.name === 'pending' ? p.sinceMs : atMs;
    const peak = p.name === 'pending' ? worse(p.peak) : celsius;
    if (atMs - sinceMs >= t.delaySeconds * 1000) {
      this.phase = { name: 'raised', sinceMs, peak };
      return 'raise';
    }
    this.phase = { name: 'pending', sinceMs, peak };
    return null;
  }

  describe(atMs: number, celsius: number, t: ZoneThresholds): string {
    const p = this.phase;
    const limit = this.direction === 'high' ? t.upperCelsius : t.lowerCelsius;
    const since = p.name === 'normal' ? atMs : p.sinceMs;
    const peak = p.name === 'normal' ? celsius : p.peak;
    const side = this.direction === 'high' ? 'above' : 'below';
    return `${formatCelsius(celsius)}, ${side} the ${formatCelsius(limit ?? Number.NaN)} limit for ${formatDuration(atMs - since)} (${this.direction === 'high' ? 'peak' : 'lowest'} ${formatCelsius(peak)})`;
  }
}

/**
 * temperature_high and temperature_low for one probe in one zone. Feed it every reading; `null`
 * (missing or implausible reading) changes nothing, since the probe rule reports those.
 */
export class TemperatureRule {
  private readonly high = new Excursion('high');
  private readonly low = new Excursion('low');

  constructor(
    private readonly subject: AlarmSubject,
    private readonly zone: Zone,
    private thresholds: ZoneThresholds,
  ) {}

  setThresholds(thresholds: ZoneThresholds): void {
    this.thresholds = thresholds;
  }

  /** After a restart: an episode that was raised before continues, so that it can clear. */
  resume(kind: 'temperature_high' | 'temperature_low', at: Date): void {
    (kind === 'temperature_high' ? this.high : this.low).resume(at.getTime());
  }

  sample(at: Date, celsius: number | null): AlarmSignal[] {
    if (celsius === null || !Number.isFinite(celsius)) return [];
    const atMs = at.getTime();
    const signals: AlarmSignal[] = [];
    for (const [direction, excursion] of [
      ['high', this.high],
      ['low', this.low],
    ] as const) {
      const verdict = excursion.sample(atMs, celsius, this.thresholds);
      const kind = KIND[direction];
      if (verdict === 'raise') {
        signals.push({
          type: 'raise',
          kind,
          subject: this.subject,
          severity: alarmSeverity(kind, this.zone),
          detail: `${this.zone}: ${excursion.describe(atMs, celsius, this.thresholds)}`,
          at,
        });
      } else if (verdict === 'clear') {
        signals.push({ type: 'clear', kind, subject: this.subject, at });
      }
    }
    return signals;
  }
}
