import { describe, expect, it } from 'vitest';
import { compartmentState } from './compartment.js';
import { checkOccupancy, decideDoorOpened, isUnusedAfterTimeout, type PendingUnlock } from './door-cycle.js';

const pending = (over: Partial<PendingUnlock> = {}): PendingUnlock => ({
  compartment: 7,
  reason: 'pickup',
  status: 'unlocked',
  orderId: 'O-1',
  parcelId: 'P-1',
  ...over,
});

describe('door cycle', () => {
  it('a door opened after a pickup unlock picks the parcel up', () => {
    expect(decideDoorOpened(pending())).toEqual({ kind: 'by_unlock', parcelEvent: 'pick_up' });
  });

  it('loading and retrieval unlocks move the parcel on; a service opening moves nothing', () => {
    expect(decideDoorOpened(pending({ reason: 'loading' }))).toMatchObject({ parcelEvent: 'load' });
    expect(decideDoorOpened(pending({ reason: 'retrieval' }))).toMatchObject({ parcelEvent: 'retrieve' });
    expect(decideDoorOpened(pending({ reason: 'service_remote' }))).toMatchObject({ parcelEvent: null });
  });

  it('a door that opens while the pulse is still being confirmed was opened by it', () => {
    expect(decideDoorOpened(pending({ status: 'pulsing' }))).toMatchObject({ kind: 'by_unlock' });
  });

  it('a board that could not confirm the pulse is resolved by the door switch', () => {
    expect(decideDoorOpened(pending({ status: 'unknown' }))).toMatchObject({ kind: 'by_unlock' });
  });

  it('a door that opens without any unlock is forced', () => {
    expect(decideDoorOpened(null)).toEqual({ kind: 'forced' });
  });

  it('a bouncing switch reporting open twice does not move the parcel twice', () => {
    expect(decideDoorOpened(pending({ status: 'opened' }))).toEqual({ kind: 'already_open' });
  });

  it('an unlock whose door never opened leaves everything as it was', () => {
    expect(isUnusedAfterTimeout(pending(), false)).toBe(true);
    expect(isUnusedAfterTimeout(pending({ status: 'unknown' }), null)).toBe(true);
    expect(isUnusedAfterTimeout(pending(), true)).toBe(false);
    expect(isUnusedAfterTimeout(pending({ status: 'opened' }), false)).toBe(false);
  });
});

describe('occupancy on close', () => {
  it('closed after pickup but still holding goods is a mismatch', () => {
    expect(checkOccupancy(false, true)).toEqual({ expected: 'empty', actual: 'occupied' });
  });

  it('closed after loading but empty is a mismatch', () => {
    expect(checkOccupancy(true, false)).toEqual({ expected: 'occupied', actual: 'empty' });
  });

  it('agreement, or a board without sensor, is not', () => {
    expect(checkOccupancy(true, true)).toBeNull();
    expect(checkOccupancy(false, false)).toBeNull();
    expect(checkOccupancy(true, null)).toBeNull();
  });
});

describe('compartment state', () => {
  it('follows door, block and parcel', () => {
    expect(compartmentState({ blocked: false, doorOpen: false, parcel: null })).toBe('free');
    expect(compartmentState({ blocked: false, doorOpen: true, parcel: null })).toBe('open');
    expect(compartmentState({ blocked: true, doorOpen: false, parcel: null })).toBe('blocked');
    const reserved = { state: 'reserved', goodsInside: false } as const;
    expect(compartmentState({ blocked: false, doorOpen: false, parcel: reserved })).toBe('reserved');
    const loaded = { state: 'loaded', goodsInside: true } as const;
    expect(compartmentState({ blocked: false, doorOpen: null, parcel: loaded })).toBe('loaded');
    const held = { state: 'held', goodsInside: true } as const;
    expect(compartmentState({ blocked: false, doorOpen: false, parcel: held })).toBe('blocked');
    const gone = { state: 'picked_up', goodsInside: false } as const;
    expect(compartmentState({ blocked: false, doorOpen: false, parcel: gone })).toBe('free');
  });
});
