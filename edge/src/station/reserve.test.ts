import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventExamples, isIssuedCode } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationFixture } from './testing/station-fixture.js';

const order = (
  orderId: string,
  ...parcels: [string, 'ambient' | 'chilled' | 'cold' | 'frozen', 'S' | 'M' | 'L'][]
) => ({
  orderId,
  parcels: parcels.map(([parcelId, zone, size]) => ({ parcelId, producer: `farm-${parcelId}`, zone, size })),
});

describe('reservations', () => {
  let f: StationFixture;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
  });
  afterEach(() => f.close());

  it('an order from three farms gets one compartment per parcel in its zone, one PIN and a loading code each', async () => {
    const result = await f.station.reserve(
      order('O-1', ['bread', 'ambient', 'S'], ['milk', 'chilled', 'S'], ['meat', 'frozen', 'M']),
    );
    expect(result.parcels.map((p) => [p.parcelId, p.compartment])).toEqual([
      ['bread', 1],
      ['milk', 4],
      ['meat', 7],
    ]);
    expect(result.pickupPin).toMatch(/^\d{10}$/);
    expect(result.qrToken).toMatch(/^\d{24}$/);
    const codes = [result.pickupPin, ...result.parcels.map((p) => p.loadingCode)];
    expect(new Set(codes).size).toBe(4);
    expect(
      f.station
        .snapshot()
        .filter((c) => c.state === 'reserved')
        .map((c) => c.no),
    ).toEqual([1, 4, 7]);
  });

  it('issues codes of the format the contract and its examples show (codes.issued in MQTT.md, asyncapi.yaml)', async () => {
    await f.station.reserve(order('O-1', ['milk', 'chilled', 'M']));
    const [issued] = f.eventsOf('codes.issued');
    const example = eventExamples.codesIssued?.event;
    if (issued?.type !== 'codes.issued' || example?.type !== 'codes.issued')
      throw new Error('no codes.issued');
    for (const codes of [issued, example]) {
      expect(isIssuedCode('pickupPin', codes.pickupPin ?? '')).toBe(true);
      expect(isIssuedCode('qrToken', codes.qrToken ?? '')).toBe(true);
      expect(codes.loadingCodes.every((c) => isIssuedCode('loadingCode', c.code))).toBe(true);
    }
  });

  it('the marketplace learns of the reservation and, once, of the clear codes', async () => {
    const result = await f.station.reserve(order('O-1', ['milk', 'chilled', 'M']));
    expect(f.eventsOf('order.reserved')).toEqual([
      {
        type: 'order.reserved',
        tenant: 'default',
        orderId: 'O-1',
        parcels: [
          {
            parcelId: 'milk',
            compartment: 5,
            zone: 'chilled',
            size: 'M',
            deadline: '2026-03-04T08:00:00.000Z',
          },
        ],
      },
    ]);
    const issued = f.eventsOf('codes.issued');
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({
      pickupPin: result.pickupPin,
      qrToken: result.qrToken,
      loadingCodes: [{ parcelId: 'milk', code: result.parcels[0]?.loadingCode }],
    });
  });

  it('no clear code is stored in the database file; only the outbox event carries them', async () => {
    const result = await f.station.reserve(order('O-1', ['milk', 'chilled', 'M']));
    // Deliver (remove) the outbox entries, as the link does after the broker's acknowledgement.
    for (const e of f.outbox.peek(1000)) f.outbox.remove(e.pos, new Date());
    f.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(f.dir, 'station.db')).toString('latin1');
    for (const code of [result.pickupPin, result.qrToken, result.parcels[0]?.loadingCode ?? 'x'])
      expect(bytes.includes(code)).toBe(false);
  });

  it('a deadline from the marketplace is kept; without one the zone default applies (fish shorter than bread)', async () => {
    await f.station.reserve({
      orderId: 'O-1',
      parcels: [
        { parcelId: 'fish', producer: 'lake', zone: 'cold', size: 'S' },
        {
          parcelId: 'bread',
          producer: 'bakery',
          zone: 'ambient',
          size: 'S',
          deadline: '2026-03-02T18:00:00+01:00',
        },
      ],
    });
    const deadlines = Object.fromEntries(
      f.eventsOf('order.reserved')[0]?.parcels.map((p) => [p.parcelId, p.deadline]) ?? [],
    );
    expect(deadlines).toEqual({ fish: '2026-03-03T08:00:00.000Z', bread: '2026-03-02T17:00:00.000Z' });
  });

  it('refuses all of an order when one parcel does not fit, naming it, and changes nothing', async () => {
    const before = f.events().length;
    await expect(
      f.station.reserve(
        order('O-1', ['bread', 'ambient', 'S'], ['ice', 'frozen', 'L'], ['ice2', 'frozen', 'S']),
      ),
    ).rejects.toMatchObject({ code: 'NO_FREE_COMPARTMENT', details: { parcelId: 'ice2' } });
    expect(f.events()).toHaveLength(before);
    expect(f.station.snapshot().every((c) => c.state === 'free')).toBe(true);
    expect(f.orderStatus('O-1')).toBeUndefined();
  });

  it('taken and blocked compartments are not allocated', async () => {
    await f.station.reserve(order('O-1', ['a', 'ambient', 'S']));
    await f.station.block(2, 'hinge broken', 'op-anna');
    const r = await f.station.reserve(order('O-2', ['b', 'ambient', 'S']));
    expect(r.parcels[0]?.compartment).toBe(3);
    await expect(f.station.reserve(order('O-3', ['c', 'ambient', 'S']))).rejects.toMatchObject({
      code: 'NO_FREE_COMPARTMENT',
    });
  });

  it('the same order id twice is refused', async () => {
    await f.station.reserve(order('O-1', ['a', 'ambient', 'S']));
    await expect(f.station.reserve(order('O-1', ['b', 'ambient', 'S']))).rejects.toMatchObject({
      code: 'DUPLICATE_ORDER',
    });
  });

  it('a deadline in the past is refused', async () => {
    await expect(
      f.station.reserve({
        orderId: 'O-1',
        parcels: [
          { parcelId: 'a', producer: 'p', zone: 'ambient', size: 'S', deadline: '2026-03-01T00:00:00Z' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DEADLINE' });
  });

  it('cancelling frees reserved compartments and makes the codes useless', async () => {
    const r = await f.station.reserve(order('O-1', ['a', 'ambient', 'S'], ['b', 'chilled', 'S']));
    await f.station.cancel('O-1', 'customer changed their mind');
    expect(f.eventsOf('order.cancelled')).toEqual([
      { type: 'order.cancelled', tenant: 'default', orderId: 'O-1', reason: 'customer changed their mind' },
    ]);
    expect(f.orderStatus('O-1')).toBe('cancelled');
    expect(f.station.snapshot().every((c) => c.state === 'free')).toBe(true);
    const out = await f.station.submitCode(r.parcels[0]?.loadingCode ?? '', 'keypad');
    expect(out).toMatchObject({ ok: false, reason: 'EXPIRED' });
    await expect(f.station.cancel('O-1', 'again')).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await expect(f.station.cancel('O-404', 'x')).rejects.toMatchObject({ code: 'UNKNOWN_ORDER' });
  });

  it('extending moves every open parcel’s deadline and is reported', async () => {
    await f.station.reserve(order('O-1', ['a', 'ambient', 'S']));
    await f.station.extend('O-1', '2026-03-10T12:00:00Z');
    expect(f.eventsOf('order.extended')).toEqual([
      { type: 'order.extended', tenant: 'default', orderId: 'O-1', deadline: '2026-03-10T12:00:00.000Z' },
    ]);
    f.clock.advance(5 * 24 * 3_600_000);
    expect((await f.station.processDeadlines()).expiredParcels).toBe(0);
    await expect(f.station.extend('O-1', '2026-03-01T00:00:00Z')).rejects.toMatchObject({
      code: 'INVALID_DEADLINE',
    });
  });
});
