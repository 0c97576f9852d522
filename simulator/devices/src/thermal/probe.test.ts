import { describe, expect, it } from 'vitest';
import { ThermalWorld } from './world.js';

const newWorld = (seed = 11) => {
  const w = new ThermalWorld({ start: '2026-07-01T00:00:00Z', seed });
  w.addCompartment(1, 'chilled');
  w.addCompartment(2, 'frozen');
  w.addProbe('p1', 1);
  w.addProbe('p2', 2);
  return w;
};

/** The readings of `hours` at one sample every 10 s. */
const sampleRun = (w: ThermalWorld, seconds: number) => {
  const out = [];
  for (const _ of w.run(seconds, 10)) out.push(...w.readings());
  return out;
};

describe('SimulatedProbe', () => {
  it('reads on the DS18B20 grid with noise that moves its last bit', () => {
    const readings = sampleRun(newWorld(), 3600).filter((r) => r.probeId === 'p1');
    const values = readings.map((r) => r.celsius ?? Number.NaN);
    for (const v of values) expect(Math.abs(v * 16 - Math.round(v * 16))).toBeLessThan(1e-9);
    expect(new Set(values).size).toBeGreaterThan(10);
    expect(Math.min(...values)).toBeGreaterThan(2.5);
    expect(Math.max(...values)).toBeLessThan(5.5);
  });

  it('the same seed replays the same readings; another seed does not', () => {
    const a = sampleRun(newWorld(5), 1800);
    expect(sampleRun(newWorld(5), 1800)).toEqual(a);
    expect(sampleRun(newWorld(6), 1800)).not.toEqual(a);
  });

  it('lags the air: a door opening shows late and smaller on the probe', () => {
    const w = newWorld();
    w.advance(14 * 3600); // afternoon: the air outside is 14 K warmer
    const c = w.compartment(1);
    c.openDoor();
    w.advance(30);
    const air = c.airCelsius;
    const probe = w.readings()[0]?.celsius ?? Number.NaN;
    expect(air - probe).toBeGreaterThan(0.5);
  });

  it('faults: stuck holds one exact value, missing reads nothing, noisy jumps', () => {
    const w = newWorld();
    const p1 = w.probe('p1');
    p1.inject({ kind: 'stuck' });
    const stuck = sampleRun(w, 3600).filter((r) => r.probeId === 'p1');
    expect(new Set(stuck.map((r) => r.celsius)).size).toBe(1);
    expect(stuck.every((r) => r.status === 'ok')).toBe(true);

    p1.inject({ kind: 'missing' });
    expect(w.readings()[0]).toEqual({ probeId: 'p1', celsius: null, status: 'missing' });

    p1.inject({ kind: 'noisy', noiseCelsius: 1, glitchChance: 0.1 });
    const noisy = sampleRun(w, 3600)
      .filter((r) => r.probeId === 'p1')
      .map((r) => r.celsius ?? 0);
    expect(noisy.filter((v) => Math.abs(v - 4) > 15).length).toBeGreaterThan(10);

    p1.inject(null);
    const healed = sampleRun(w, 600)
      .filter((r) => r.probeId === 'p1')
      .map((r) => r.celsius ?? 0);
    expect(Math.max(...healed.map((v) => Math.abs(v - 4)))).toBeLessThan(1.5);
  });

  it('an unpowered station answers for no probe, and pushes readings into simulated hardware', () => {
    const w = newWorld();
    w.setPowered(false);
    const seen: string[] = [];
    w.pushTo({ setProbe: (id, celsius, status) => seen.push(`${id} ${celsius} ${status}`) });
    expect(seen).toEqual(['p1 null missing', 'p2 null missing']);
  });

  it('runs a day of a 24-compartment wall at 1 s steps', () => {
    const w = new ThermalWorld({ start: '2026-07-01T00:00:00Z', seed: 2 });
    for (let no = 1; no <= 24; no += 1) {
      w.addCompartment(no, no <= 8 ? 'chilled' : no <= 16 ? 'frozen' : 'ambient');
      w.addProbe(`p${no}`, no);
    }
    w.advance(86_400);
    expect(w.now.toISOString()).toBe('2026-07-02T00:00:00.000Z');
    expect(w.compartment(9).airCelsius).toBeLessThan(-20);
  });
});
