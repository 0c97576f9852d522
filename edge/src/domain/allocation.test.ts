import { describe, expect, it } from 'vitest';
import { allocate, type FreeCompartment } from './allocation.js';
import type { DomainError } from './errors.js';

const wall: FreeCompartment[] = [
  { no: 1, zone: 'ambient', size: 'S' },
  { no: 2, zone: 'ambient', size: 'L' },
  { no: 3, zone: 'ambient', size: 'M' },
  { no: 5, zone: 'chilled', size: 'M' },
  { no: 6, zone: 'chilled', size: 'S' },
  { no: 11, zone: 'frozen', size: 'L' },
];

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('allocation succeeded');
};

describe('allocation', () => {
  it('gives each parcel a compartment of its zone, the smallest that fits', () => {
    const got = allocate(
      [
        { parcelId: 'bread', zone: 'ambient', size: 'S' },
        { parcelId: 'milk', zone: 'chilled', size: 'S' },
        { parcelId: 'meat', zone: 'frozen', size: 'M' },
      ],
      wall,
    );
    expect(Object.fromEntries(got)).toEqual({ bread: 1, milk: 6, meat: 11 });
  });

  it('a medium parcel takes a medium compartment before a large one', () => {
    expect(allocate([{ parcelId: 'veg', zone: 'ambient', size: 'M' }], wall).get('veg')).toBe(3);
  });

  it('falls back to a larger size when the exact size is taken', () => {
    const free = wall.filter((c) => c.no !== 1);
    expect(allocate([{ parcelId: 'bread', zone: 'ambient', size: 'S' }], free).get('bread')).toBe(3);
  });

  it('never puts a parcel into another zone, even when that zone has room', () => {
    const err = refusal(() => allocate([{ parcelId: 'ice', zone: 'frozen', size: 'L' }], wall.slice(0, 5)));
    expect(err.code).toBe('NO_FREE_COMPARTMENT');
    expect(err.details).toMatchObject({ parcelId: 'ice', zone: 'frozen', size: 'L' });
  });

  it('places large parcels first so a small one does not take the only large compartment', () => {
    const got = allocate(
      [
        { parcelId: 'small', zone: 'ambient', size: 'S' },
        { parcelId: 'small2', zone: 'ambient', size: 'S' },
        { parcelId: 'big', zone: 'ambient', size: 'L' },
      ],
      wall,
    );
    expect(Object.fromEntries(got)).toEqual({ big: 2, small: 1, small2: 3 });
  });

  it('is all-or-nothing and names the parcel that did not fit', () => {
    const err = refusal(() =>
      allocate(
        [
          { parcelId: 'milk', zone: 'chilled', size: 'S' },
          { parcelId: 'cheese', zone: 'chilled', size: 'M' },
          { parcelId: 'butter', zone: 'chilled', size: 'S' },
        ],
        wall,
      ),
    );
    expect(err.code).toBe('NO_FREE_COMPARTMENT');
    expect(err.message).toContain('butter');
  });

  it('no free compartment at all is a refusal, not an empty result', () => {
    expect(refusal(() => allocate([{ parcelId: 'p', zone: 'cold', size: 'S' }], [])).code).toBe(
      'NO_FREE_COMPARTMENT',
    );
  });
});
