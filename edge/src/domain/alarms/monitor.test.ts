import { describe, expect, it } from 'vitest';
import { DEFAULT_ZONE_THRESHOLDS } from '../coldchain/zones.js';
import { AlarmBook } from './alarm-book.js';
import { AlarmError } from './errors.js';
import { AlarmMonitor } from './monitor.js';
import type { AlarmSignal } from './types.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const kinds = (signals: readonly AlarmSignal[]) =>
  signals.map((s) => `${s.type} ${s.kind} ${s.subject.compartment ?? '-'}/${s.subject.probeId ?? '-'}`);

/** A small wall: a chilled section of two compartments under one probe, a frozen one with two probes. */
const wall = () =>
  new AlarmMonitor({
    thresholds: DEFAULT_ZONE_THRESHOLDS,
    compartments: [
      { compartment: 1, zone: 'chilled', probeIds: ['section-a'] },
      { compartment: 2, zone: 'chilled', probeIds: ['section-a'] },
      { compartment: 3, zone: 'frozen', probeIds: ['f-top', 'f-bottom'] },
    ],
  });

describe('AlarmMonitor', () => {
  it('gives each compartment its warmest trusted reading, and null when it has none', () => {
    const m = wall();
    const cycle = m.sampleCycle(at(0), [
      { probeId: 'section-a', celsius: 4.5, status: 'ok' },
      { probeId: 'f-top', celsius: -19, status: 'ok' },
      { probeId: 'f-bottom', celsius: -21, status: 'ok' },
      { probeId: 'unknown-probe', celsius: 50, status: 'ok' },
    ]);
    expect(Object.fromEntries(cycle.celsiusByCompartment)).toEqual({ 1: 4.5, 2: 4.5, 3: -19 });
    const next = m.sampleCycle(at(10), [
      { probeId: 'section-a', celsius: null, status: 'missing' },
      { probeId: 'f-top', celsius: null, status: 'fault' },
      { probeId: 'f-bottom', celsius: -21, status: 'ok' },
    ]);
    expect(Object.fromEntries(next.celsiusByCompartment)).toEqual({ 1: null, 2: null, 3: -21 });
  });

  it('a section probe raises one alarm for the section, not one per compartment', () => {
    const m = wall();
    const signals: AlarmSignal[] = [];
    for (let s = 0; s <= 700; s += 10) {
      signals.push(...m.sampleCycle(at(s), [{ probeId: 'section-a', celsius: 9, status: 'ok' }]).signals);
    }
    expect(kinds(signals)).toContain('raise temperature_high -/section-a');
    expect(kinds(signals).filter((k) => k.includes('temperature_high'))).toHaveLength(1);
  });

  it('routes doors, unlocks, board health and lockouts to their rules', () => {
    const m = wall();
    m.door(at(0), 3, false);
    m.unlocked(at(5), 3);
    expect(m.door(at(6), 3, true)).toEqual([]);
    expect(kinds(m.tick(at(186)))).toContain('raise door_left_open 3/-');
    expect(kinds(m.door(at(190), 3, false))).toEqual(['clear door_left_open 3/-']);
    expect(m.door(at(200), 99, true)).toEqual([]);
    m.boardHealth(at(0), false);
    expect(kinds(m.tick(at(200)))).toContain('raise board_unreachable -/-');
    m.lockout(at(1));
    m.lockout(at(2));
    expect(kinds(m.lockout(at(3)))).toEqual(['raise wrong_codes -/-']);
  });

  it('judges no door while the board is away, and again once the doors were read after its return', () => {
    const m = wall();
    m.door(at(0), 1, false);
    m.door(at(0), 2, false);
    m.unlocked(at(5), 1);
    m.door(at(6), 1, true);
    m.unlocked(at(5), 2);
    m.door(at(6), 2, true);
    m.boardHealth(at(10), false);
    // both doors were open when the board went away; for all anyone knows they shut since
    expect(kinds(m.tick(at(600))).filter((k) => k.includes('door'))).toEqual([]);
    m.boardHealth(at(900), true);
    // the station reads the doors again: door 1 was shut meanwhile, door 2 is still open
    expect(kinds(m.tick(at(901))).filter((k) => k.includes('door'))).toEqual([]);
    expect(m.door(at(901), 1, false)).toEqual([]);
    expect(kinds(m.tick(at(906)))).toEqual(['raise door_left_open 2/-']);
  });

  it('probes that cannot be read at all are not missing; the board alarm says what is wrong', () => {
    const m = wall();
    m.sampleCycle(at(0), [{ probeId: 'section-a', celsius: 4, status: 'ok' }]);
    m.boardHealth(at(5), false);
    const signals: AlarmSignal[] = [];
    for (let s = 10; s <= 1200; s += 10) {
      m.probesUnknown(at(s));
      signals.push(...m.tick(at(s + 5)));
    }
    expect(kinds(signals)).toEqual(['raise board_unreachable -/-']);
  });

  it('resumes the active alarms of the book after a restart, so each still clears exactly once', () => {
    const book = new AlarmBook(() => 'al-1');
    const before = wall();
    const frozenReadings = (top: number) => [
      { probeId: 'f-top', celsius: top, status: 'ok' as const },
      { probeId: 'f-bottom', celsius: -21, status: 'ok' as const },
    ];
    for (let s = 0; s <= 900; s += 10) book.applyAll(before.sampleCycle(at(s), frozenReadings(-10)).signals);
    expect(book.active().map((a) => a.kind)).toEqual(['temperature_high']);

    const after = wall();
    after.resume(book.active(), at(1000));
    const cold = after.sampleCycle(at(1010), frozenReadings(-20));
    const transitions = book.applyAll(cold.signals);
    expect(transitions.map((t) => t.event)).toEqual([
      { type: 'alarm.cleared', alarmId: 'al-1', kind: 'temperature_high' },
    ]);
  });

  it('a probe configured for two zones is a configuration error', () => {
    const build = () =>
      new AlarmMonitor({
        thresholds: DEFAULT_ZONE_THRESHOLDS,
        compartments: [
          { compartment: 1, zone: 'chilled', probeIds: ['p'] },
          { compartment: 2, zone: 'frozen', probeIds: ['p'] },
        ],
      });
    expect(build).toThrow(AlarmError);
    expect(build).toThrow(/zones chilled and frozen/);
  });
});
