import type { ColdChainRecord } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ColdChainAccumulator, DEFAULT_ZONE_THRESHOLDS } from '../domain/coldchain/index.js';
import { ColdChainAccountStore } from '../store/coldchain/index.js';
import type { ReserveResult } from './api.js';
import { customerCollects, producerLoads, pullOpen, shut } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';

const HOUR = 3_600_000;
const breach: ColdChainRecord = {
  compartment: 4,
  zone: 'chilled',
  from: '2026-03-02T08:00:00.000Z',
  to: '2026-03-02T10:00:00.000Z',
  samples: 720,
  minCelsius: 3.1,
  maxCelsius: 11.4,
  minutesAboveLimit: 48,
  limitCelsius: 7,
  breached: true,
};

describe('deadlines, expiry and retrieval', () => {
  let f: StationFixture;
  let r: ReserveResult;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [
        { parcelId: 'fish', producer: 'Fischerei Lehde', zone: 'cold', size: 'M' },
        { parcelId: 'bread', producer: 'Bäckerei', zone: 'ambient', size: 'S' },
      ],
    });
  });
  afterEach(() => f.close());

  it('reminds once, the zone’s lead time before the first deadline', async () => {
    f.clock.advance(19 * HOUR);
    expect((await f.station.processDeadlines()).reminded).toBe(0);
    f.clock.advance(1 * HOUR);
    expect((await f.station.processDeadlines()).reminded).toBe(1);
    expect(await f.station.processDeadlines()).toMatchObject({ reminded: 0 });
    expect(f.eventsOf('order.reminder')).toEqual([
      { type: 'order.reminder', tenant: 'default', orderId: 'O-1', deadline: '2026-03-03T08:00:00.000Z' },
    ]);
  });

  it('the fish expires at its (shorter) deadline while the bread waits; the producer gets a retrieval code', async () => {
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    f.clock.advance(24 * HOUR);
    expect(await f.station.processDeadlines()).toMatchObject({ expiredParcels: 1 });
    expect(f.parcel('O-1', 'fish')?.state).toBe('expired');
    expect(f.parcel('O-1', 'bread')?.state).toBe('reserved');
    expect(f.eventsOf('parcel.expired')).toEqual([
      { type: 'parcel.expired', tenant: 'default', orderId: 'O-1', parcelId: 'fish', compartment: 6 },
    ]);
    const issued = f.eventsOf('codes.issued').at(-1);
    expect(issued).toMatchObject({
      orderId: 'O-1',
      retrievalCodes: [{ parcelId: 'fish' }],
      validUntil: '2026-03-06T08:00:00.000Z',
    });
    expect(issued?.pickupPin).toBeUndefined();
    // The customer's PIN no longer opens the fish; the producer's retrieval code does.
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'NOTHING_TO_OPEN',
    });
    const retrieval = issued?.retrievalCodes[0]?.code ?? '';
    expect(await f.station.submitCode(retrieval, 'keypad')).toMatchObject({
      ok: true,
      purpose: 'retrieval',
      compartments: [{ no: 6 }],
    });
    await pullOpen(f, 6);
    await shut(f, 6, false);
    expect(f.parcel('O-1', 'fish')?.state).toBe('retrieved');
    expect(f.eventsOf('parcel.retrieved')).toHaveLength(1);
    expect(f.station.snapshot().find((c) => c.no === 6)?.state).toBe('free');
  });

  it('an order whose last parcel expires is expired, and an unloaded reservation just frees its compartment', async () => {
    f.clock.advance(72 * HOUR);
    expect(await f.station.processDeadlines()).toMatchObject({ expiredParcels: 2 });
    expect(f.orderStatus('O-1')).toBe('expired');
    expect(f.eventsOf('order.expired')).toEqual([
      { type: 'order.expired', tenant: 'default', orderId: 'O-1' },
    ]);
    expect(f.eventsOf('codes.issued')).toHaveLength(1); // nothing to retrieve: no retrieval codes
    expect(f.station.snapshot().every((c) => c.state === 'free')).toBe(true);
  });

  it('cancelling an order with loaded goods issues retrieval codes to their producers', async () => {
    await producerLoads(f, r.parcels[1]?.loadingCode ?? '');
    await f.station.cancel('O-1', 'customer cancelled');
    expect(f.parcel('O-1', 'bread')).toMatchObject({ state: 'cancelled', goodsInside: 1 });
    expect(f.eventsOf('codes.issued').at(-1)).toMatchObject({ retrievalCodes: [{ parcelId: 'bread' }] });
    expect(f.station.snapshot().find((c) => c.no === 1)?.state).toBe('loaded');
  });

  it('a cold-chain hold keeps the customer out until an operator releases it', async () => {
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    await f.station.holdParcel({
      orderId: 'O-1',
      parcelId: 'fish',
      reason: 'above 4 °C for 48 min',
      coldChain: breach,
    });
    expect(f.station.snapshot().find((c) => c.no === 6)).toMatchObject({
      state: 'blocked',
      blockedReason: 'above 4 °C for 48 min',
    });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'NOTHING_TO_OPEN',
    });
    f.clock.advance(73 * HOUR);
    expect((await f.station.processDeadlines()).expiredParcels).toBe(1); // the bread; the held fish waits for a decision
    expect(f.parcel('O-1', 'fish')?.state).toBe('held');
    await f.station.decideHold({
      orderId: 'O-1',
      parcelId: 'fish',
      decision: 'release',
      by: 'op-anna',
      why: 'probe fault, product checked',
    });
    expect(f.eventsOf('parcel.hold_decided')).toEqual([
      {
        type: 'parcel.hold_decided',
        tenant: 'default',
        orderId: 'O-1',
        parcelId: 'fish',
        compartment: 6,
        decision: 'release',
        by: 'op-anna',
        why: 'probe fault, product checked',
      },
    ]);
    expect(f.parcel('O-1', 'fish')?.state).toBe('loaded');
  });

  it('discarded goods go back to the producer with a retrieval code, never to the customer', async () => {
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    await f.station.holdParcel({ orderId: 'O-1', parcelId: 'fish', reason: 'breach', coldChain: breach });
    await f.station.decideHold({
      orderId: 'O-1',
      parcelId: 'fish',
      decision: 'discard',
      by: 'op-anna',
      why: 'spoiled',
    });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: false });
    const code = f.eventsOf('codes.issued').at(-1)?.retrievalCodes[0]?.code ?? '';
    expect(await f.station.submitCode(code, 'keypad')).toMatchObject({ ok: true, purpose: 'retrieval' });
    await expect(
      f.station.decideHold({ orderId: 'O-1', parcelId: 'fish', decision: 'release', by: 'x', why: 'y' }),
    ).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('a pickup carries the cold-chain record the cold-chain engine supplies', async () => {
    await producerLoads(f, r.parcels[1]?.loadingCode ?? '');
    // the cold-chain engine keeps the parcel's record from loading on, in the station's database
    const ref = { orderId: 'O-1', parcelId: 'bread', compartment: 1 };
    const kept = ColdChainAccumulator.start({
      compartment: 1,
      zone: 'ambient',
      thresholds: DEFAULT_ZONE_THRESHOLDS.ambient,
      loadedAt: f.clock.current.now(),
    });
    kept.addSample(f.clock.current.now(), 19);
    new ColdChainAccountStore(f.db).open(ref, kept, f.clock.current.now());
    await customerCollects(f, r.pickupPin);
    expect(f.eventsOf('parcel.picked_up')[0]?.coldChain).toMatchObject({ compartment: 1, breached: false });
  });
});
