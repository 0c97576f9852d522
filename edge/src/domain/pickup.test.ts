import { describe, expect, it } from 'vitest';
import { type CompartmentFacts, codeExpired, decidePickup, type ParcelFacts } from './pickup.js';

const at = new Date('2026-03-02T10:00:00.000Z');
const pin = {
  kind: 'pickup' as const,
  parcelId: null,
  compartmentNo: null,
  validUntil: new Date('2026-03-03T10:00:00Z'),
};
const parcel = (parcelId: string, compartmentNo: number, state: ParcelFacts['state']): ParcelFacts => ({
  parcelId,
  producer: 'Hof Lehde',
  zone: 'chilled',
  state,
  goodsInside: state === 'loaded',
  compartmentNo,
});
const wall = (...c: Partial<CompartmentFacts>[]): Map<number, CompartmentFacts> =>
  new Map(c.map((x, i) => [x.no ?? i + 1, { no: i + 1, blocked: false, opening: false, ...x }]));

describe('which compartments a code opens', () => {
  it('a pickup PIN opens the compartment of every loaded parcel of its order and names the ones not loaded yet', () => {
    const d = decidePickup(
      pin,
      [parcel('milk', 4, 'loaded'), parcel('cheese', 5, 'reserved'), parcel('eggs', 2, 'loaded')],
      wall({}, {}, {}, {}, {}),
      at,
    );
    expect(d).toMatchObject({
      open: true,
      reason: 'pickup',
      targets: [
        { no: 4, parcelId: 'milk' },
        { no: 2, parcelId: 'eggs' },
      ],
      missing: [{ parcelId: 'cheese', state: 'reserved' }],
    });
  });

  it('an expired code opens nothing, judged by the trusted time; a station that never knew the time expires nothing', () => {
    const late = new Date('2026-03-03T10:00:00.000Z');
    expect(decidePickup(pin, [parcel('milk', 1, 'loaded')], wall({}), late)).toMatchObject({
      open: false,
      refusal: 'EXPIRED',
    });
    expect(codeExpired(pin, null)).toBe(false);
  });

  it('a blocked compartment is not opened and the code stays good for it; one being opened answers busy', () => {
    expect(decidePickup(pin, [parcel('milk', 1, 'loaded')], wall({ blocked: true }), at)).toMatchObject({
      open: false,
      refusal: 'OUT_OF_SERVICE',
    });
    expect(decidePickup(pin, [parcel('milk', 1, 'loaded')], wall({ opening: true }), at)).toMatchObject({
      open: false,
      refusal: 'BUSY',
    });
  });

  it('a loading code opens only its own parcel while it is reserved', () => {
    const loading = { ...pin, kind: 'loading' as const, parcelId: 'cheese' };
    const parcels = [parcel('milk', 1, 'reserved'), parcel('cheese', 2, 'reserved')];
    expect(decidePickup(loading, parcels, wall({}, {}), at)).toMatchObject({
      open: true,
      reason: 'loading',
      targets: [{ no: 2, parcelId: 'cheese' }],
    });
  });
});
