import { describe, expect, it } from 'vitest';
import { DEFAULT_ZONE_THRESHOLDS } from '../coldchain/zones.js';
import { TemperatureRule } from './temperature-rule.js';
import type { AlarmSignal } from './types.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const subject = { compartment: 3, probeId: 'p3' };

/** Feeds one reading every 10 s from `series(seconds)` and collects what the rule says. */
const run = (rule: TemperatureRule, fromS: number, toS: number, series: (s: number) => number | null) => {
  const out: AlarmSignal[] = [];
  for (let s = fromS; s <= toS; s += 10) out.push(...rule.sample(at(s), series(s)));
  return out;
};

describe('TemperatureRule', () => {
  it('a chilled spike that returns within the delay raises nothing', () => {
    const rule = new TemperatureRule(subject, 'chilled', DEFAULT_ZONE_THRESHOLDS.chilled);
    // 9.5 °C for 8 minutes (door open, then recovery), then back at 4
    const signals = run(rule, 0, 3600, (s) => (s >= 60 && s < 540 ? 9.5 : 4));
    expect(signals).toEqual([]);
  });

  it('a sustained excursion raises once after the delay and clears once below limit minus hysteresis', () => {
    const rule = new TemperatureRule(subject, 'chilled', DEFAULT_ZONE_THRESHOLDS.chilled);
    const warm = (s: number) => (s < 600 ? 4 : s < 3600 ? 9 : s < 4200 ? 6.5 : 5.5);
    const signals = run(rule, 0, 7200, warm);
    expect(signals.map((x) => [x.type, x.kind, x.at.getTime() - T0])).toEqual([
      ['raise', 'temperature_high', 1200_000], // 600 s above from 600 s on
      ['clear', 'temperature_high', 4200_000], // 6.5 is inside but not by the 1 °C hysteresis; 5.5 is
    ]);
    const raise = signals[0];
    expect(raise?.type === 'raise' && raise.severity).toBe('critical');
    expect(raise?.type === 'raise' && raise.detail).toContain('9.0 °C, above the 7.0 °C limit for 10 min');
  });

  it('missing readings neither raise nor clear an excursion, and the episode keeps its start', () => {
    const rule = new TemperatureRule(subject, 'chilled', DEFAULT_ZONE_THRESHOLDS.chilled);
    expect(rule.sample(at(0), 9)).toEqual([]);
    expect(rule.sample(at(300), null)).toEqual([]);
    expect(rule.sample(at(500), null)).toEqual([]);
    expect(rule.sample(at(610), 9).map((s) => s.type)).toEqual(['raise']);
    expect(rule.sample(at(620), null)).toEqual([]);
    expect(rule.sample(at(630), 9)).toEqual([]);
  });

  it('ambient heat is only a warning, and freezing a chilled compartment raises temperature_low', () => {
    const ambient = new TemperatureRule(subject, 'ambient', DEFAULT_ZONE_THRESHOLDS.ambient);
    const hot = run(ambient, 0, 4000, () => 31);
    expect(hot.map((s) => s.type === 'raise' && [s.kind, s.severity])).toEqual([
      ['temperature_high', 'warning'],
    ]);

    const chilled = new TemperatureRule(subject, 'chilled', DEFAULT_ZONE_THRESHOLDS.chilled);
    const low = run(chilled, 0, 2400, (s) => (s < 1800 ? -2 : 0.5));
    expect(low.map((s) => [s.type, s.kind])).toEqual([['raise', 'temperature_low']]);
    expect(run(chilled, 2410, 2500, () => 1.5).map((s) => [s.type, s.kind])).toEqual([
      ['clear', 'temperature_low'],
    ]);
  });

  it('a raised alarm from before a restart clears on the first reading back in range', () => {
    const rule = new TemperatureRule(subject, 'frozen', DEFAULT_ZONE_THRESHOLDS.frozen);
    rule.resume('temperature_high', at(0));
    expect(rule.sample(at(10), -18.5)).toEqual([]);
    expect(rule.sample(at(20), -19.5).map((s) => [s.type, s.kind])).toEqual([['clear', 'temperature_high']]);
  });

  it('switching the upper limit off ends a raised episode with one clear', () => {
    const rule = new TemperatureRule(subject, 'ambient', DEFAULT_ZONE_THRESHOLDS.ambient);
    run(rule, 0, 2000, () => 30);
    rule.setThresholds({ ...DEFAULT_ZONE_THRESHOLDS.ambient, upperCelsius: null });
    expect(rule.sample(at(2010), 30).map((s) => s.type)).toEqual(['clear']);
    expect(rule.sample(at(2020), 30)).toEqual([]);
  });
});
