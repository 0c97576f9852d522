import { DayCurve, ThermalWorld } from '@regiobox/simulated-devices';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZONE_THRESHOLDS } from '../coldchain/zones.js';
import { AlarmBook, type AlarmTransition } from './alarm-book.js';
import { AlarmMonitor } from './monitor.js';

/**
 * The alarm rules fed by the simulator's thermal model, as the station will feed them: a sample of
 * every probe each 10 s, door changes as they happen, a tick with each sample.
 */
const summerStation = (seed = 1) => {
  const world = new ThermalWorld({
    start: '2026-07-01T06:00:00Z',
    ambient: new DayCurve({ meanCelsius: 20, amplitudeCelsius: 6 }),
    seed,
  });
  world.addCompartment(1, 'chilled');
  world.addProbe('p1', 1);
  world.addCompartment(2, 'frozen');
  world.addProbe('p2', 2);
  const monitor = new AlarmMonitor({
    thresholds: DEFAULT_ZONE_THRESHOLDS,
    compartments: [
      { compartment: 1, zone: 'chilled', probeIds: ['p1'] },
      { compartment: 2, zone: 'frozen', probeIds: ['p2'] },
    ],
  });
  let n = 0;
  const book = new AlarmBook(() => `al-${++n}`);
  const log: AlarmTransition[] = [];
  const readings: { at: Date; probeId: string; celsius: number | null }[] = [];
  for (const no of [1, 2]) monitor.door(world.now, no, false);

  const run = (seconds: number) => {
    for (const now of world.run(seconds, 10)) {
      const sampled = world.readings();
      for (const r of sampled) readings.push({ at: now, probeId: r.probeId, celsius: r.celsius });
      const cycle = monitor.sampleCycle(now, sampled);
      log.push(...book.applyAll([...cycle.signals, ...monitor.tick(now)]));
    }
  };
  const door = (no: number, open: boolean, { unlock = true } = {}) => {
    if (open && unlock) monitor.unlocked(world.now, no);
    if (open) world.compartment(no).openDoor();
    else world.compartment(no).closeDoor();
    log.push(...book.applyAll(monitor.door(world.now, no, open)));
  };
  const events = (kind?: string) =>
    log
      .filter((t) => kind === undefined || ('kind' in t.event && t.event.kind === kind))
      .map((t) => `${t.event.type} ${'kind' in t.event ? t.event.kind : ''} ${t.alarm.compartment ?? '-'}`);
  const maxReading = (probeId: string, from: Date) =>
    Math.max(...readings.filter((r) => r.probeId === probeId && r.at >= from).map((r) => r.celsius ?? -99));
  return { world, monitor, book, log, run, door, events, maxReading };
};

describe('alarms on the thermal model', () => {
  it('a door opening on a summer afternoon spikes above the limit but raises nothing', () => {
    const s = summerStation();
    s.run(8 * 3600); // 14:00 UTC, 26 °C outside
    const opened = s.world.now;
    s.door(1, true);
    s.run(120);
    s.door(1, false);
    s.run(2 * 3600);
    // the spike was real: the probe saw it above 7 °C
    expect(s.maxReading('p1', opened)).toBeGreaterThan(7);
    expect(s.events()).toEqual([]);
  });

  it('a cooling failure raises one temperature alarm, and the repair one clear', () => {
    const s = summerStation(2);
    s.run(3600);
    const failedAt = s.world.now.getTime();
    s.world.compartment(1).setCoolingCapacity(0);
    s.run(2 * 3600);
    s.world.compartment(1).setCoolingCapacity(1);
    const repairedAt = s.world.now.getTime();
    s.run(3 * 3600);

    expect(s.events('temperature_high')).toEqual([
      'alarm.raised temperature_high 1',
      'alarm.cleared temperature_high 1',
    ]);
    const [raised, cleared] = s.log.filter((t) => 'kind' in t.event && t.event.kind === 'temperature_high');
    // after the air passed 7 °C and the 10-minute delay ran out, not before
    expect((raised?.at.getTime() ?? 0) - failedAt).toBeGreaterThan(600_000);
    expect((raised?.at.getTime() ?? 0) - failedAt).toBeLessThan(30 * 60_000);
    expect(raised?.event.type === 'alarm.raised' && raised.event.severity).toBe('critical');
    expect((cleared?.at.getTime() ?? 0) - repairedAt).toBeGreaterThan(0);
    expect((cleared?.at.getTime() ?? 0) - repairedAt).toBeLessThan(30 * 60_000);
    // the frozen compartment next door was never involved
    expect(s.log.every((t) => t.alarm.compartment === 1)).toBe(true);
  });

  it('a stuck probe is found after two hours and clears when it moves again', () => {
    const s = summerStation(3);
    s.run(600);
    s.world.probe('p1').inject({ kind: 'stuck' });
    s.run(1.9 * 3600);
    expect(s.events()).toEqual([]);
    s.run(0.2 * 3600);
    expect(s.events()).toEqual(['alarm.raised probe_stuck 1']);
    s.world.probe('p1').inject(null);
    s.run(600);
    expect(s.events()).toEqual(['alarm.raised probe_stuck 1', 'alarm.cleared probe_stuck 1']);
  });

  it('a missing probe is found within about a minute and clears when it answers again', () => {
    const s = summerStation(4);
    s.run(600);
    s.world.probe('p2').inject({ kind: 'missing' });
    s.run(50);
    expect(s.events()).toEqual([]);
    s.run(30);
    expect(s.events()).toEqual(['alarm.raised probe_missing 2']);
    s.run(3600);
    s.world.probe('p2').inject(null);
    s.run(10);
    expect(s.events()).toEqual(['alarm.raised probe_missing 2', 'alarm.cleared probe_missing 2']);
  });

  it('a bad contact that makes a probe jump is implausible, and its jumps never reach the temperature rules', () => {
    const s = summerStation(5);
    s.run(600);
    s.world.probe('p1').inject({ kind: 'noisy', noiseCelsius: 0.05, glitchChance: 0.05 });
    s.run(3600);
    expect(s.events()).toEqual(['alarm.raised probe_implausible 1']);
    s.world.probe('p1').inject(null);
    s.run(1200);
    expect(s.events()).toEqual(['alarm.raised probe_implausible 1', 'alarm.cleared probe_implausible 1']);
  });

  it('a door held open raises door_left_open after three minutes and clears when it is closed', () => {
    const s = summerStation(6);
    s.run(600);
    s.door(2, true);
    s.run(170);
    expect(s.events('door_left_open')).toEqual([]);
    s.run(20);
    expect(s.events('door_left_open')).toEqual(['alarm.raised door_left_open 2']);
    s.run(300);
    s.door(2, false);
    expect(s.events('door_left_open')).toEqual([
      'alarm.raised door_left_open 2',
      'alarm.cleared door_left_open 2',
    ]);
  });

  it('a door opened without an unlock raises door_forced at once', () => {
    const s = summerStation(7);
    s.run(600);
    s.door(1, true, { unlock: false });
    expect(s.events()).toEqual(['alarm.raised door_forced 1']);
    s.run(30);
    s.door(1, false);
    expect(s.events()).toEqual(['alarm.raised door_forced 1', 'alarm.cleared door_forced 1']);
  });
});
