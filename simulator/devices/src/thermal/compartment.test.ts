import { describe, expect, it } from 'vitest';
import { DayCurve, INDOOR } from './ambient.js';
import { ThermalWorld } from './world.js';

const summer = new DayCurve({ meanCelsius: 20, amplitudeCelsius: 6 });
const world = (ambient = summer) => new ThermalWorld({ start: '2026-07-01T00:00:00Z', ambient, seed: 3 });

/** Steps `seconds` in 10 s steps and returns the air temperatures seen. */
const trace = (w: ThermalWorld, no: number, seconds: number): number[] => {
  const out: number[] = [];
  for (const _ of w.run(seconds, 10)) out.push(w.compartment(no).airCelsius);
  return out;
};

describe('day curve', () => {
  it('is warmest mid-afternoon and coldest before dawn', () => {
    const curve = new DayCurve({ meanCelsius: 12, amplitudeCelsius: 6, peakHourUtc: 14 });
    expect(curve.celsiusAt(new Date('2026-07-01T14:00:00Z'))).toBeCloseTo(18);
    expect(curve.celsiusAt(new Date('2026-07-01T02:00:00Z'))).toBeCloseTo(6);
    expect(curve.celsiusAt(new Date('2026-07-01T08:00:00Z'))).toBeCloseTo(12);
    expect(INDOOR.celsiusAt(new Date('2026-07-01T14:00:00Z'))).toBeCloseTo(21.5);
  });
});

describe('ThermalCompartment', () => {
  it('the thermostat keeps a chilled compartment in its band all summer day, cycling the unit', () => {
    const w = world();
    const c = w.addCompartment(1, 'chilled');
    let switches = 0;
    let was = c.coolingOn;
    const air: number[] = [];
    for (const _ of w.run(86_400, 10)) {
      air.push(c.airCelsius);
      if (c.coolingOn !== was) switches += 1;
      was = c.coolingOn;
    }
    expect(Math.min(...air)).toBeGreaterThan(2.8);
    expect(Math.max(...air)).toBeLessThan(5.2);
    expect(switches).toBeGreaterThan(48);
  });

  it('an ambient compartment follows the day with a lag and no cooling', () => {
    const w = world();
    const c = w.addCompartment(1, 'ambient', { initialCelsius: 20 });
    const air = trace(w, 1, 86_400);
    expect(c.coolingOn).toBe(false);
    expect(Math.max(...air)).toBeGreaterThan(24);
    expect(Math.min(...air)).toBeLessThan(16);
  });

  it('an open door gives a spike that the unit pulls back within minutes', () => {
    const w = world();
    const c = w.addCompartment(1, 'chilled');
    w.advance(14 * 3600); // mid-afternoon, 26 °C outside
    c.openDoor();
    const open = trace(w, 1, 90);
    c.closeDoor();
    const after = trace(w, 1, 1800);
    const peak = Math.max(...open, ...after);
    expect(peak).toBeGreaterThan(7);
    expect(peak).toBeLessThan(12);
    const minutesAbove7 = (open.filter((x) => x > 7).length + after.filter((x) => x > 7).length) / 6;
    expect(minutesAbove7).toBeLessThan(10);
    expect(after.at(-1)).toBeLessThan(5.2);
  });

  it('a failed cooling unit drifts toward ambient, and a repaired one pulls back into its band', () => {
    const w = world();
    const c = w.addCompartment(1, 'chilled');
    c.setCoolingCapacity(0);
    const broken = trace(w, 1, 4 * 3600);
    expect(broken.findIndex((x) => x > 7)).toBeGreaterThan(0);
    expect(broken.findIndex((x) => x > 7)).toBeLessThan(180); // within 30 minutes
    expect(broken.at(-1)).toBeGreaterThan(w.ambientCelsius() - 3);
    c.setCoolingCapacity(1);
    const repaired = trace(w, 1, 3 * 3600);
    expect(repaired.at(-1)).toBeLessThan(5.2);
  });

  it('a power cut stops the cooling; goods keep the air cooler for a while', () => {
    const w = world();
    const empty = w.addCompartment(1, 'chilled');
    const loaded = w.addCompartment(2, 'chilled');
    loaded.load({ id: 'cheese', massKg: 8, celsius: 4 });
    w.setPowered(false);
    trace(w, 1, 3600);
    expect(empty.coolingOn).toBe(false);
    expect(empty.airCelsius).toBeGreaterThan(10);
    expect(loaded.airCelsius).toBeLessThan(empty.airCelsius - 2);
  });

  it('warm goods lift the air and cool down over hours', () => {
    const w = world(INDOOR);
    const c = w.addCompartment(1, 'cold');
    w.advance(3600);
    c.load({ id: 'meat', massKg: 6, celsius: 14 });
    const air = trace(w, 1, 4 * 3600);
    expect(Math.max(...air)).toBeGreaterThan(2.75);
    expect(c.goodsCelsius('meat')).toBeLessThan(4);
    expect(c.goodsCelsius('meat')).toBeGreaterThan(1);
    c.unload('meat');
    expect(c.goodsCelsius('meat')).toBeNull();
  });
});
