import { EventBody } from '@regiobox/contract';
import { describe, expect, it } from 'vitest';
import { ColdChainError } from './errors.js';
import { decideHold, type HoldState, NOT_HELD, placeHold } from './hold.js';
import { ColdChainAccumulator, type HoldDue } from './record.js';
import { DEFAULT_ZONE_THRESHOLDS } from './zones.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const ref = { orderId: 'o-1', parcelId: 'p-1', compartment: 5 };

/** Runs a parcel in `zone` at `celsius` until its first hold comes due. */
const overrun = (zone: 'chilled' | 'frozen', celsius: number) => {
  const acc = ColdChainAccumulator.start({
    compartment: 5,
    zone,
    thresholds: DEFAULT_ZONE_THRESHOLDS[zone],
    loadedAt: at(0),
  });
  for (let s = 0; s < 4 * 3600; s += 10) {
    const due = acc.addSample(at(s), celsius);
    if (due) return { acc, due, s };
  }
  throw new Error('no hold came due');
};

const errorCode = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof ColdChainError ? e.code : e;
  }
  return 'no error';
};

describe('holds and decisions', () => {
  it('a held parcel emits parcel.held with its cold-chain record', () => {
    const { due, s } = overrun('chilled', 10);
    const { state, event } = placeHold(NOT_HELD, ref, due, at(s));
    expect(state).toEqual({ status: 'held', reason: 'budget_exceeded', heldAt: at(s) });
    expect(event).toMatchObject({ type: 'parcel.held', ...ref, reason: 'budget_exceeded' });
    expect(event?.coldChain.breached).toBe(true);
    expect(EventBody.safeParse(event).success).toBe(true);
  });

  it('an operator releases chilled goods with a recorded reason', () => {
    const { due, s } = overrun('chilled', 10);
    const held = placeHold(NOT_HELD, ref, due, at(s)).state;
    const input = {
      decision: 'release' as const,
      by: 'operator:anna',
      why: 'core 5 °C measured',
      at: at(s + 60),
    };
    const { state, event } = decideHold(held, ref, input, { zone: 'chilled', thawed: false });
    expect(state).toMatchObject({
      status: 'released',
      by: 'operator:anna',
      why: 'core 5 °C measured',
      decidedAt: at(s + 60),
    });
    expect(event).toEqual({
      type: 'parcel.hold_decided',
      ...ref,
      decision: 'release',
      by: 'operator:anna',
      why: 'core 5 °C measured',
    });
    expect(EventBody.safeParse(event).success).toBe(true);
    expect(errorCode(() => decideHold(state, ref, input, { zone: 'chilled', thawed: false }))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('thawed frozen goods cannot be released as frozen, only discarded', () => {
    const { acc, due, s } = overrun('frozen', -8);
    expect(due.reason).toBe('thawed');
    const held = placeHold(NOT_HELD, ref, due, at(s)).state;
    const goods = { zone: acc.zone, thawed: acc.thawed };
    const release = { decision: 'release' as const, by: 'operator:anna', why: 'looks fine', at: at(s + 60) };
    expect(errorCode(() => decideHold(held, ref, release, goods))).toBe('THAWED_NOT_RELEASABLE_AS_FROZEN');
    const discard = decideHold(held, ref, { ...release, decision: 'discard', why: 'thawed' }, goods);
    expect(discard.state.status).toBe('discarded');
    expect(discard.event.decision).toBe('discard');
  });

  it('a decision needs a hold, and a discarded parcel cannot be held again', () => {
    const input = { decision: 'discard' as const, by: 'op', why: 'x', at: at(0) };
    expect(errorCode(() => decideHold(NOT_HELD, ref, input, { zone: 'chilled', thawed: false }))).toBe(
      'ILLEGAL_TRANSITION',
    );
    const { due } = overrun('chilled', 10);
    const discarded: HoldState = {
      status: 'discarded',
      reason: 'budget_exceeded',
      heldAt: at(0),
      decidedAt: at(1),
      by: 'op',
      why: 'x',
    };
    expect(errorCode(() => placeHold(discarded, ref, due, at(2)))).toBe('ILLEGAL_TRANSITION');
  });

  it('released goods that later thaw are held again; a thaw on top of a hold only sharpens its reason', () => {
    const thawDue: HoldDue = { ...overrun('frozen', -8).due, reason: 'thawed' };
    const released: HoldState = {
      status: 'released',
      reason: 'budget_exceeded',
      heldAt: at(0),
      decidedAt: at(1),
      by: 'op',
      why: 'x',
    };
    const again = placeHold(released, ref, thawDue, at(2));
    expect(again.state).toEqual({ status: 'held', reason: 'thawed', heldAt: at(2) });
    expect(again.event?.reason).toBe('thawed');
    const stillHeld = placeHold(
      { status: 'held', reason: 'budget_exceeded', heldAt: at(0) },
      ref,
      thawDue,
      at(3),
    );
    expect(stillHeld).toEqual({ state: { status: 'held', reason: 'thawed', heldAt: at(0) }, event: null });
  });
});
