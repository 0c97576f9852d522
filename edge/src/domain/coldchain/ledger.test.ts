import { describe, expect, it } from 'vitest';
import { ColdChainLedger } from './ledger.js';
import { DEFAULT_ZONE_THRESHOLDS } from './zones.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const milk = { orderId: 'o-1', parcelId: 'o-1-1', compartment: 1 };
const peas = { orderId: 'o-2', parcelId: 'o-2-1', compartment: 2 };

describe('ColdChainLedger', () => {
  it('records each parcel from its own compartment and holds only the one over budget', () => {
    const ledger = new ColdChainLedger();
    ledger.load(milk, 'chilled', DEFAULT_ZONE_THRESHOLDS.chilled, at(0));
    ledger.load(peas, 'frozen', DEFAULT_ZONE_THRESHOLDS.frozen, at(0));
    expect(
      ledger.load(milk, 'chilled', DEFAULT_ZONE_THRESHOLDS.chilled, at(50)).accumulator.record(at(0)).from,
    ).toBe(at(0).toISOString());
    const holds = [];
    for (let s = 0; s <= 2400; s += 10) {
      holds.push(
        ...ledger
          .sample(
            at(s),
            new Map([
              [1, 10],
              [2, -21],
            ]).set(3, 50),
          )
          .map((h) => [s, h.ref.parcelId, h.due.reason]),
      );
    }
    expect(holds).toEqual([[1810, 'o-1-1', 'budget_exceeded']]);

    const record = ledger.take(peas, at(2400));
    expect(record).toMatchObject({ zone: 'frozen', samples: 241, maxCelsius: -21, breached: false });
    expect(ledger.take(peas, at(2500))).toBeNull();
    expect(ledger.entries().map((e) => e.ref)).toEqual([milk]);
  });

  it('a compartment without a reading this cycle leaves a gap that the tick still judges', () => {
    const ledger = new ColdChainLedger();
    ledger.load(milk, 'chilled', DEFAULT_ZONE_THRESHOLDS.chilled, at(0));
    ledger.sample(at(0), new Map([[1, 9]]));
    for (let s = 10; s <= 1790; s += 10) ledger.sample(at(s), new Map([[1, null]]));
    expect(ledger.check(at(1800))).toEqual([]);
    expect(ledger.check(at(1801)).map((h) => h.due.reason)).toEqual(['budget_exceeded']);
  });
});
