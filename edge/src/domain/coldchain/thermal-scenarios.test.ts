import { EventBody } from '@regiobox/contract';
import { DayCurve, ThermalWorld } from '@regiobox/simulated-devices';
import { describe, expect, it } from 'vitest';
import { AlarmBook } from '../alarms/alarm-book.js';
import { breachCleared, breachRaised } from '../alarms/cold-chain-breach.js';
import { AlarmMonitor } from '../alarms/monitor.js';
import { assessPowerGap } from '../alarms/power-gap.js';
import { DEFAULT_ALARM_SETTINGS } from '../alarms/settings.js';
import { ColdChainError } from './errors.js';
import { formatSampleCsv, type HaccpSampleRow } from './haccp-csv.js';
import { decideHold, NOT_HELD, placeHold } from './hold.js';
import { ColdChainAccumulator, type HoldDue } from './record.js';
import { DEFAULT_ZONE_THRESHOLDS, type ZoneThresholds } from './zones.js';

type Zone = 'chilled' | 'frozen';
const ref = { orderId: 'o-42', parcelId: 'o-42-1', compartment: 1 };

/**
 * One compartment of a summer station with a parcel in it: the thermal model gives a reading every
 * 10 s, the alarm monitor filters it, and the parcel's accumulator records it.
 */
const loadedCompartment = (zone: Zone, seed: number) => {
  const world = new ThermalWorld({
    start: '2026-07-01T06:00:00Z',
    ambient: new DayCurve({ meanCelsius: 20, amplitudeCelsius: 6 }),
    seed,
  });
  const model = world.addCompartment(1, zone);
  world.addProbe('p1', 1);
  const thresholds: ZoneThresholds = DEFAULT_ZONE_THRESHOLDS[zone];
  const monitor = new AlarmMonitor({
    thresholds: DEFAULT_ZONE_THRESHOLDS,
    compartments: [{ compartment: 1, zone, probeIds: ['p1'] }],
  });
  world.advance(1800); // settled before the producer comes
  model.load({ id: 'goods', massKg: 4, celsius: zone === 'frozen' ? -20 : 5 });
  const account = ColdChainAccumulator.start({ compartment: 1, zone, thresholds, loadedAt: world.now });
  const samples: { at: Date; celsius: number | null }[] = [];
  const holds: { at: Date; due: HoldDue }[] = [];

  const run = (seconds: number) => {
    for (const now of world.run(seconds, 10)) {
      if (!model.isPowered) {
        // the station is down with the power: nothing samples, nothing records
        continue;
      }
      const cycle = monitor.sampleCycle(now, world.readings());
      const celsius = cycle.celsiusByCompartment.get(1) ?? null;
      samples.push({ at: now, celsius });
      const due = account.addSample(now, celsius);
      if (due) holds.push({ at: now, due });
    }
  };
  /** Minutes above the limit counted the crude way: readings above it times the sample interval. */
  const crudeMinutesAbove = () =>
    (samples.filter((x) => x.celsius !== null && x.celsius > (thresholds.upperCelsius ?? Infinity)).length *
      10) /
    60;
  return { world, model, account, samples, holds, run, crudeMinutesAbove, thresholds };
};

describe('cold-chain records on the thermal model', () => {
  it('a parcel held through a short excursion is picked up with the right min, max and minutes above', () => {
    const c = loadedCompartment('chilled', 11);
    c.run(6 * 3600); // into the afternoon
    // the cooling unit stalls for 20 minutes (iced evaporator), then recovers
    c.model.setCoolingCapacity(0);
    c.run(20 * 60);
    c.model.setCoolingCapacity(1);
    c.run(2 * 3600);

    const record = c.account.record(c.world.now);
    const values = c.samples.map((x) => x.celsius ?? Number.NaN);
    expect(record.samples).toBe(c.samples.length);
    expect(record.minCelsius).toBe(Math.min(...values));
    expect(record.maxCelsius).toBe(Math.max(...values));
    expect(record.maxCelsius).toBeGreaterThan(7);
    // time-weighted minutes agree with counting readings to within one sample interval per crossing
    expect(record.minutesAboveLimit).toBeGreaterThan(5);
    expect(Math.abs(record.minutesAboveLimit - c.crudeMinutesAbove())).toBeLessThanOrEqual(
      2 * (10 / 60) + 0.1,
    );
    expect(record).toMatchObject({ breached: false, minutesUnknown: 0, limitCelsius: 7 });
    expect(c.holds).toEqual([]);
    const pickedUp = { type: 'parcel.picked_up', ...ref, coldChain: record };
    expect(EventBody.safeParse(pickedUp).success).toBe(true);
  });

  it('a parcel beyond its budget is held once, reported, and settled only by a recorded decision', () => {
    const c = loadedCompartment('chilled', 12);
    c.run(3600);
    c.model.setCoolingCapacity(0);
    c.run(3 * 3600);

    expect(c.holds.map((h) => h.due.reason)).toEqual(['budget_exceeded']);
    const [hold] = c.holds;
    if (!hold) throw new Error('no hold');
    // held as soon as the time above 7 °C passed 30 minutes, not later
    const crudeAtHold = (c.samples.filter((x) => x.at <= hold.at && (x.celsius ?? 0) > 7).length * 10) / 60;
    expect(crudeAtHold).toBeGreaterThanOrEqual(29.8);
    expect(crudeAtHold).toBeLessThan(30.6);

    const { state, event } = placeHold(NOT_HELD, ref, hold.due, hold.at);
    expect(EventBody.parse(event)).toMatchObject({ type: 'parcel.held', reason: 'budget_exceeded' });
    expect(event?.coldChain).toMatchObject({ breached: true, compartment: 1, zone: 'chilled' });

    const book = new AlarmBook(() => 'al-breach');
    const raised = book.apply(breachRaised(ref, 'chilled', hold.due, hold.at));
    expect(raised?.event).toMatchObject({
      type: 'alarm.raised',
      kind: 'cold_chain_breach',
      severity: 'critical',
    });

    const decision = {
      decision: 'discard' as const,
      by: 'operator:anna',
      why: '3 h at 20 °C',
      at: c.world.now,
    };
    const decided = decideHold(state, ref, decision, { zone: 'chilled', thawed: c.account.thawed });
    expect(decided.event).toMatchObject({ decision: 'discard', by: 'operator:anna', why: '3 h at 20 °C' });
    expect(book.apply(breachCleared(ref, c.world.now))?.event.type).toBe('alarm.cleared');
  });

  it('frozen goods that thawed in a long power cut cannot be released as frozen', () => {
    const c = loadedCompartment('frozen', 13);
    c.run(3600);
    const lastAlive = c.world.now;
    c.world.setPowered(false);
    c.run(4 * 3600);
    c.world.setPowered(true);

    const gap = assessPowerGap({
      lastAliveAt: lastAlive,
      now: c.world.now,
      compartments: [{ compartment: 1, zone: 'frozen', loaded: true }],
      thresholds: DEFAULT_ZONE_THRESHOLDS,
      settings: DEFAULT_ALARM_SETTINGS,
    });
    expect(gap).toMatchObject({ gapSeconds: 4 * 3600, coldChainMayBeBroken: true, atRisk: [1] });

    c.run(60);
    // the air is above the thaw limit when the station is back: the goods count as thawed
    expect(c.samples.at(-6)?.celsius).toBeGreaterThan(-12);
    expect(c.holds.map((h) => h.due.reason)).toContain('thawed');
    expect(c.account.thawed).toBe(true);
    expect(c.account.record(c.world.now)).toMatchObject({
      breached: true,
      minutesUnknown: expect.any(Number),
    });
    expect(c.account.record(c.world.now).minutesUnknown).toBeGreaterThanOrEqual(240);

    const [first] = c.holds;
    if (!first) throw new Error('no hold');
    const held = placeHold(NOT_HELD, ref, first.due, first.at).state;
    const goods = { zone: c.account.zone, thawed: c.account.thawed };
    const release = {
      decision: 'release' as const,
      by: 'operator:anna',
      why: 'feels frozen',
      at: c.world.now,
    };
    let refused: unknown;
    try {
      decideHold(held, ref, release, goods);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ColdChainError);
    expect((refused as ColdChainError).code).toBe('THAWED_NOT_RELEASABLE_AS_FROZEN');
    expect(
      decideHold(held, ref, { ...release, decision: 'discard', why: 'thawed' }, goods).state.status,
    ).toBe('discarded');
  });

  it('the run exports as a HACCP sample log whose rows match the readings', () => {
    const c = loadedCompartment('chilled', 14);
    c.run(3600);
    c.model.setCoolingCapacity(0);
    c.run(3600);
    const rows: HaccpSampleRow[] = c.samples.map((x) => ({
      stationId: 'dorfladen-1',
      compartment: 1,
      zone: 'chilled',
      probeId: 'p1',
      at: x.at,
      celsius: x.celsius,
      status: 'ok',
      upperLimitCelsius: c.thresholds.upperCelsius,
      lowerLimitCelsius: c.thresholds.lowerCelsius,
    }));
    const lines = formatSampleCsv(rows).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(c.samples.length + 2);
    const outside = lines.slice(1, -1).filter((l) => l.endsWith(',no')).length;
    expect(outside).toBe(c.samples.filter((x) => (x.celsius ?? 0) > 7).length);
    expect(outside).toBeGreaterThan(0);
  });
});
