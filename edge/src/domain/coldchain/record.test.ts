import { ColdChainRecord } from '@regiobox/contract';
import { describe, expect, it } from 'vitest';
import { ColdChainError } from './errors.js';
import { ColdChainAccumulator, type HoldDue } from './record.js';
import { DEFAULT_ZONE_THRESHOLDS } from './zones.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

const load = (zone: 'chilled' | 'frozen' | 'ambient' = 'chilled') =>
  ColdChainAccumulator.start({
    compartment: 4,
    zone,
    thresholds: DEFAULT_ZONE_THRESHOLDS[zone],
    loadedAt: at(0),
  });

/** Feeds a reading every 10 s in [from, to] and returns the holds that came due. */
const feed = (acc: ColdChainAccumulator, from: number, to: number, c: (s: number) => number | null) => {
  const due: { s: number; hold: HoldDue }[] = [];
  for (let s = from; s <= to; s += 10) {
    const hold = acc.addSample(at(s), c(s));
    if (hold) due.push({ s, hold });
  }
  return due;
};

describe('ColdChainAccumulator', () => {
  it('a parcel held through a short excursion carries min, max and the minutes above the limit', () => {
    const acc = load();
    // 4 °C, then a door spike: 9 °C from 610 s to 890 s, back to 4 °C at 900 s
    const due = feed(acc, 0, 1800, (s) => (s > 600 && s < 900 ? 9 : 4));
    expect(due).toEqual([]);
    const rec = acc.record(at(1800));
    // each crossing interval is 40 % above 7 °C (4 s), plus 280 s in between: 288 s
    expect(rec).toEqual({
      compartment: 4,
      zone: 'chilled',
      from: at(0).toISOString(),
      to: at(1800).toISOString(),
      samples: 181,
      minCelsius: 4,
      maxCelsius: 9,
      minutesAboveLimit: 4.8,
      minutesUnknown: 0,
      limitCelsius: 7,
      breached: false,
    });
    expect(ColdChainRecord.safeParse(rec).success).toBe(true);
  });

  it('a missing-probe gap is unknown, not within the limit and not above it', () => {
    const acc = load();
    feed(acc, 0, 600, () => 4);
    feed(acc, 610, 1790, () => null);
    feed(acc, 1800, 1800, () => 4);
    const rec = acc.record(at(1800));
    expect(rec.minutesUnknown).toBe(20);
    expect(rec.minutesAboveLimit).toBe(0);
    expect(rec.samples).toBe(62);
    expect(rec.breached).toBe(false);
  });

  it('goes over budget once measured time above the limit exceeds it, and says so once', () => {
    const acc = load();
    // 4 s above in the crossing interval, then 10 s per sample: 1806 s > 30 min first at 1810 s
    const due = feed(acc, 0, 3600, (s) => (s === 0 ? 4 : 9));
    expect(due.map((d) => [d.s, d.hold.reason])).toEqual([[1810, 'budget_exceeded']]);
    expect(due[0]?.hold.detail).toBe('30.1 min above 7 °C (budget 30 min)');
    expect(due[0]?.hold.record).toMatchObject({ breached: true, to: at(1810).toISOString(), maxCelsius: 9 });
    expect(acc.record(at(3600)).breached).toBe(true);
  });

  it('a gap that begins or ends warm counts against the budget', () => {
    const acc = load();
    feed(acc, 0, 600, () => 4);
    // the probe is back after 20 minutes and reads 9 °C: those 20 minutes are at risk
    expect(acc.addSample(at(1800), 9)).toBeNull();
    // 10 more minutes above make 30: not over; the next sample is
    const due = feed(acc, 1810, 2500, () => 9);
    expect(due.map((d) => d.s)).toEqual([2410]);
    expect(due[0]?.hold.detail).toContain('and 20 min unmeasured');
    expect(acc.record(at(2500))).toMatchObject({ minutesUnknown: 20, minutesAboveLimit: 11.7 });
  });

  it('a probe that falls silent after reading warm keeps counting on the tick', () => {
    const acc = load();
    feed(acc, 0, 1500, (s) => (s === 0 ? 4 : 9)); // 1494 s above by 1500 s
    expect(acc.check(at(1805))).toBeNull();
    expect(acc.check(at(1811))?.reason).toBe('budget_exceeded');
    expect(acc.check(at(1900))).toBeNull();
  });

  it('ambient goods are recorded but never held', () => {
    const acc = load('ambient');
    expect(feed(acc, 0, 7200, () => 30)).toEqual([]);
    expect(acc.record(at(7200))).toMatchObject({ limitCelsius: 25, minutesAboveLimit: 120, breached: false });
  });

  it('frozen goods above the thaw limit for longer than the delay are thawed; a door spike is not', () => {
    const spiked = load('frozen');
    expect(feed(spiked, 0, 3600, (s) => (s > 1000 && s < 1300 ? -5 : -20))).toEqual([]);
    expect(spiked.thawed).toBe(false);

    const acc = load('frozen');
    // crosses −12 °C 8 s in; 900 s later (908 s) the goods count as thawed: first sample at 910 s
    const due = feed(acc, 0, 1200, (s) => (s === 0 ? -20 : -10));
    expect(due.map((d) => [d.s, d.hold.reason])).toEqual([[910, 'thawed']]);
    expect(acc.thawed).toBe(true);
    expect(acc.record(at(1200)).breached).toBe(true);
  });

  it('frozen goods found above the thaw limit after a long outage count as thawed from its start', () => {
    const acc = load('frozen');
    feed(acc, 0, 600, () => -22);
    // the station was down for 3 hours; the first reading after it is −6 °C
    const due = acc.addSample(at(600 + 3 * 3600), -6);
    expect(due?.reason).toBe('thawed');
    expect(acc.record(at(600 + 3 * 3600))).toMatchObject({ minutesUnknown: 180, breached: true });

    const brief = load('frozen');
    feed(brief, 0, 600, () => -22);
    // five minutes without readings, then −10 °C and straight back down: not long enough to thaw
    expect(brief.addSample(at(900), -10)).toBeNull();
    feed(brief, 910, 2400, () => -20);
    expect(brief.thawed).toBe(false);
  });

  it('survives a restart through its persisted state, and refuses a damaged one', () => {
    const acc = load();
    feed(acc, 0, 900, (s) => (s > 600 ? 9 : 4));
    const restored = ColdChainAccumulator.fromState(JSON.parse(JSON.stringify(acc.toState())));
    feed(acc, 910, 1200, () => 4);
    feed(restored, 910, 1200, () => 4);
    expect(restored.record(at(1200))).toEqual(acc.record(at(1200)));
    expect(() => ColdChainAccumulator.fromState({ v: 1, zone: 'tropical' })).toThrow(ColdChainError);
  });

  it('ignores a sample older than the last one', () => {
    const acc = load();
    feed(acc, 0, 100, () => 4);
    expect(acc.addSample(at(50), 20)).toBeNull();
    expect(acc.record(at(100))).toMatchObject({ samples: 11, maxCelsius: 4 });
  });
});
