import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  canTransition,
  occupiesCompartment,
  type ParcelEvent,
  type ParcelState,
  type ParcelStatus,
  transitionParcel,
} from './parcel.js';

const empty = (state: ParcelState): ParcelStatus => ({ state, goodsInside: false });
const full = (state: ParcelState): ParcelStatus => ({ state, goodsInside: true });

const ALL_EVENTS: ParcelEvent[] = [
  'load',
  'pick_up',
  'expire',
  'retrieve',
  'cancel',
  'hold',
  'release',
  'discard',
];

describe('parcel lifecycle', () => {
  it.each([
    ['a producer loads a reserved parcel', empty('reserved'), 'load', full('loaded')],
    ['a customer picks up a loaded parcel', full('loaded'), 'pick_up', empty('picked_up')],
    ['a reservation nobody loaded expires empty', empty('reserved'), 'expire', empty('expired')],
    ['a loaded parcel expires with its goods inside', full('loaded'), 'expire', full('expired')],
    ['the producer retrieves an expired parcel', full('expired'), 'retrieve', empty('retrieved')],
    ['a reservation is cancelled', empty('reserved'), 'cancel', empty('cancelled')],
    ['a loaded parcel of a cancelled order waits for retrieval', full('loaded'), 'cancel', full('cancelled')],
    ['the producer retrieves a cancelled parcel', full('cancelled'), 'retrieve', empty('retrieved')],
    ['a cold-chain breach holds a loaded parcel', full('loaded'), 'hold', full('held')],
    ['an operator releases a held parcel', full('held'), 'release', full('loaded')],
    ['an operator discards a held parcel', full('held'), 'discard', full('discarded')],
    ['the producer retrieves discarded goods', full('discarded'), 'retrieve', empty('retrieved')],
  ] as const)('%s', (_story, from, event, to) => {
    expect(transitionParcel(from, event)).toEqual(to);
  });

  it.each([
    [full('picked_up'), 'pick_up', 'a parcel cannot be picked up twice'],
    [empty('reserved'), 'pick_up', 'nothing to pick up before loading'],
    [full('loaded'), 'load', 'loading twice'],
    [empty('expired'), 'retrieve', 'an empty expired reservation has nothing to retrieve'],
    [empty('cancelled'), 'retrieve', 'an empty cancelled reservation has nothing to retrieve'],
    [full('held'), 'pick_up', 'a held parcel never goes to the customer'],
    [full('held'), 'expire', 'a held parcel waits for a decision, not a deadline'],
    [empty('picked_up'), 'cancel', 'a collected parcel cannot be cancelled'],
    [empty('retrieved'), 'expire', 'a retrieved parcel is finished'],
    [full('expired'), 'pick_up', 'an expired parcel is no longer the customer’s'],
    [empty('reserved'), 'release', 'only held parcels can be released'],
  ] as const)('rejects %o %s: %s', (from: ParcelStatus, event: ParcelEvent, _why: string) => {
    expect(() => transitionParcel(from, event, 'P-1')).toThrowError(DomainError);
    try {
      transitionParcel(from, event, 'P-1');
    } catch (err) {
      expect((err as DomainError).code).toBe('ILLEGAL_TRANSITION');
      expect((err as DomainError).message).toContain(`P-1: cannot`);
      expect((err as DomainError).message).toContain(from.state);
    }
  });

  it('from every terminal state no event is allowed', () => {
    for (const s of [empty('picked_up'), empty('retrieved'), empty('expired'), empty('cancelled')])
      for (const e of ALL_EVENTS) expect(canTransition(s, e)).toBe(false);
  });

  it('property: goods leave a compartment only by pick-up or retrieval', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALL_EVENTS), { maxLength: 12 }), (events) => {
        let s: ParcelStatus = empty('reserved');
        for (const e of events) {
          if (!canTransition(s, e)) continue;
          const next = transitionParcel(s, e);
          if (s.goodsInside && !next.goodsInside) expect(['pick_up', 'retrieve']).toContain(e);
          if (!s.goodsInside && next.goodsInside) expect(e).toBe('load');
          s = next;
        }
        // whatever happened, a parcel in play and goods inside agree with the state
        if (s.state === 'loaded' || s.state === 'held' || s.state === 'discarded')
          expect(s.goodsInside).toBe(true);
        if (s.state === 'picked_up' || s.state === 'retrieved' || s.state === 'reserved')
          expect(s.goodsInside).toBe(false);
      }),
    );
  });

  it('a compartment stays taken while goods are inside, even after the parcel left play', () => {
    expect(occupiesCompartment(full('expired'))).toBe(true);
    expect(occupiesCompartment(empty('expired'))).toBe(false);
    expect(occupiesCompartment(empty('reserved'))).toBe(true);
    expect(occupiesCompartment(empty('picked_up'))).toBe(false);
  });
});
