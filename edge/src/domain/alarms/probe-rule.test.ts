import { describe, expect, it } from 'vitest';
import { ProbeRule } from './probe-rule.js';
import { AlarmSettings, DEFAULT_ALARM_SETTINGS } from './settings.js';
import type { AlarmSignal } from './types.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const kinds = (signals: AlarmSignal[]) => signals.map((s) => `${s.type} ${s.kind}`);
const newRule = (settings = DEFAULT_ALARM_SETTINGS) =>
  new ProbeRule({ compartment: 2, probeId: 'p2' }, 'cold', settings);
const ok = (celsius: number) => ({ celsius, status: 'ok' as const });

describe('ProbeRule', () => {
  it('passes a healthy, noisy probe through and raises nothing over a day', () => {
    const rule = newRule();
    const signals: AlarmSignal[] = [];
    for (let s = 0; s < 86_400; s += 10) {
      // thermostat cycle plus the last bit toggling, on the DS18B20's 1/16 °C grid
      const c = Math.round((3 + Math.sin(s / 900) + (s % 20 === 0 ? 0.0625 : 0)) * 16) / 16;
      const verdict = rule.reading(at(s), ok(c));
      expect(verdict.celsius).toBe(c);
      signals.push(...verdict.signals, ...rule.tick(at(s + 5)));
    }
    expect(signals).toEqual([]);
  });

  it('a probe that reports missing raises probe_missing after 60 s and clears on its next reading', () => {
    const rule = newRule();
    rule.reading(at(0), ok(3));
    const signals: AlarmSignal[] = [];
    for (let s = 10; s <= 120; s += 10)
      signals.push(...rule.reading(at(s), { celsius: null, status: 'missing' }).signals);
    expect(kinds(signals)).toEqual(['raise probe_missing']);
    const raised = signals[0];
    expect(raised?.type === 'raise' && [raised.severity, raised.detail]).toEqual([
      'critical',
      'probe p2 in compartment 2 (cold): no reading for 70 s (status missing)',
    ]);
    expect(kinds(rule.reading(at(130), ok(3.1)).signals)).toEqual(['clear probe_missing']);
  });

  it('a probe the driver stops reporting at all is found missing by the tick', () => {
    const rule = newRule();
    rule.reading(at(0), ok(3));
    expect(rule.tick(at(60))).toEqual([]);
    expect(kinds(rule.tick(at(61)))).toEqual(['raise probe_missing']);
    expect(rule.tick(at(600))).toEqual([]);
  });

  it('a probe whose value does not change at all for 2 h is stuck; any change clears it', () => {
    const rule = newRule();
    const signals: AlarmSignal[] = [];
    for (let s = 0; s <= 7200; s += 10) signals.push(...rule.reading(at(s), ok(4.125)).signals);
    expect(kinds(signals)).toEqual(['raise probe_stuck']);
    expect(signals[0]?.at).toEqual(at(7200));
    expect(rule.reading(at(7210), ok(4.125)).signals).toEqual([]);
    expect(kinds(rule.reading(at(7220), ok(4.1875)).signals)).toEqual(['clear probe_stuck']);
  });

  it('one glitch is filtered silently; repeated implausible readings raise, and a quiet window clears', () => {
    const rule = newRule();
    rule.reading(at(0), ok(3));
    const glitch = rule.reading(at(10), ok(85));
    expect(glitch).toEqual({ signals: [], celsius: null });
    expect(rule.reading(at(20), ok(3)).celsius).toBe(3);

    expect(rule.reading(at(30), ok(-60)).celsius).toBeNull(); // out of the sensor's range
    const third = rule.reading(at(40), ok(25)); // +22 °C in 10 s
    expect(third.celsius).toBeNull();
    expect(kinds(third.signals)).toEqual(['raise probe_implausible']);
    expect(third.signals[0]?.type === 'raise' && third.signals[0].detail).toContain(
      'jumped from 3.0 °C to 25.0 °C',
    );

    const quiet: AlarmSignal[] = [];
    for (let s = 50; s <= 630; s += 10) quiet.push(...rule.reading(at(s), ok(3)).signals);
    expect(quiet).toEqual([]);
    expect(kinds(rule.reading(at(640), ok(3)).signals)).toEqual(['clear probe_implausible']);
  });

  it('a real step accepted after the jump window is not implausible forever', () => {
    const rule = newRule(AlarmSettings.parse({ probeImplausibleCount: 1 }));
    rule.reading(at(0), ok(-20));
    expect(rule.reading(at(10), ok(10)).celsius).toBeNull();
    expect(rule.reading(at(40), ok(10)).celsius).toBe(10);
    expect(rule.reading(at(50), ok(10.5)).celsius).toBe(10.5);
  });

  it('is unknown, not missing, while nothing can be read; its silence counts again from the next reading', () => {
    const rule = newRule();
    rule.reading(at(0), ok(3));
    const signals: AlarmSignal[] = [];
    // the board carrying the probes is away for an hour: no reading at all
    for (let s = 10; s <= 3600; s += 10) {
      rule.unknown(at(s));
      signals.push(...rule.tick(at(s + 5)));
    }
    expect(signals).toEqual([]);
    // the board is back but this probe is really gone: missing 60 s after the board returned
    for (let s = 3610; s <= 3660; s += 10)
      signals.push(...rule.reading(at(s), { celsius: null, status: 'missing' }).signals);
    expect(signals).toEqual([]);
    expect(kinds(rule.reading(at(3680), { celsius: null, status: 'missing' }).signals)).toEqual([
      'raise probe_missing',
    ]);
  });
});
