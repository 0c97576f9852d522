import { describe, expect, it } from 'vitest';
import { DEFAULT_ZONE_THRESHOLDS } from '../coldchain/zones.js';
import { BoardRule } from './board-rule.js';
import { assessPowerGap } from './power-gap.js';
import { DEFAULT_ALARM_SETTINGS } from './settings.js';
import type { AlarmSignal } from './types.js';
import { WrongCodesRule } from './wrong-codes-rule.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const kinds = (signals: readonly AlarmSignal[]) => signals.map((s) => `${s.type} ${s.kind}`);

describe('board_unreachable', () => {
  it('waits out the driver retries, raises once, clears when the board answers', () => {
    const rule = new BoardRule(DEFAULT_ALARM_SETTINGS);
    expect(rule.health(at(0), false, 'serial port closed')).toEqual([]);
    expect(rule.tick(at(29))).toEqual([]);
    expect(rule.health(at(10), true)).toEqual([]); // a USB reset shorter than 30 s
    rule.health(at(100), false, 'serial port closed');
    const raised = rule.tick(at(130));
    expect(kinds(raised)).toEqual(['raise board_unreachable']);
    expect(raised[0]?.type === 'raise' && raised[0].detail).toBe(
      'board unreachable for 30 s: serial port closed',
    );
    expect(rule.health(at(140), false)).toEqual([]);
    expect(kinds(rule.health(at(200), true))).toEqual(['clear board_unreachable']);
  });
});

describe('wrong_codes', () => {
  it('three lockouts within an hour raise; an hour without one clears', () => {
    const rule = new WrongCodesRule(DEFAULT_ALARM_SETTINGS);
    expect(rule.lockout(at(0))).toEqual([]);
    expect(rule.lockout(at(3700))).toEqual([]); // the first one has aged out
    expect(rule.lockout(at(4000))).toEqual([]);
    expect(kinds(rule.lockout(at(4100)))).toEqual(['raise wrong_codes']);
    expect(rule.lockout(at(4200))).toEqual([]);
    expect(rule.tick(at(4200 + 3599))).toEqual([]);
    expect(kinds(rule.tick(at(4200 + 3600)))).toEqual(['clear wrong_codes']);
  });
});

describe('power restored', () => {
  const base = { thresholds: DEFAULT_ZONE_THRESHOLDS, settings: DEFAULT_ALARM_SETTINGS };
  const compartments = [
    { compartment: 1, zone: 'ambient' as const, loaded: true },
    { compartment: 2, zone: 'chilled' as const, loaded: true },
    { compartment: 3, zone: 'frozen' as const, loaded: true },
    { compartment: 4, zone: 'chilled' as const, loaded: false },
  ];

  it('a short restart is no outage', () => {
    const r = assessPowerGap({ ...base, compartments, lastAliveAt: at(0), now: at(90) });
    expect(r).toEqual({ gapSeconds: 90, atRisk: [], coldChainMayBeBroken: false, signals: [] });
  });

  it('a 12-minute outage breaks the chilled cold chain (10 min delay) but not the frozen one (15 min)', () => {
    const r = assessPowerGap({ ...base, compartments, lastAliveAt: at(0), now: at(720) });
    expect(r.gapSeconds).toBe(720);
    expect(r.atRisk).toEqual([2]);
    expect(r.coldChainMayBeBroken).toBe(true);
    expect(kinds(r.signals)).toEqual(['raise power_restored', 'clear power_restored']);
    const raise = r.signals[0];
    expect(raise?.type === 'raise' && raise.severity).toBe('critical');
    expect(raise?.type === 'raise' && raise.detail).toContain('down for 12 min');
    expect(raise?.type === 'raise' && raise.detail).toContain('compartment(s) 2');
  });

  it('an outage with nothing cooled loaded is reported for the record only', () => {
    const empty = compartments.map((c) => ({ ...c, loaded: c.zone === 'ambient' }));
    const r = assessPowerGap({ ...base, compartments: empty, lastAliveAt: at(0), now: at(7200) });
    expect(r.coldChainMayBeBroken).toBe(false);
    expect(r.signals[0]?.type === 'raise' && r.signals[0].severity).toBe('info');
  });

  it('a first start or a clock that went backwards is no gap', () => {
    expect(assessPowerGap({ ...base, compartments, lastAliveAt: null, now: at(0) }).signals).toEqual([]);
    expect(assessPowerGap({ ...base, compartments, lastAliveAt: at(500), now: at(0) }).gapSeconds).toBe(0);
  });
});
