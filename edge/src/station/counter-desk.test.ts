import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { counterConfig } from '../counter/testing/counter-config.js';
import type { CounterDesk, CounterLookup } from './counter-desk.js';
import { StationFixture } from './testing/station-fixture.js';

const order = (orderId: string, ...parcels: [string, 'ambient' | 'chilled' | 'frozen'][]) => ({
  orderId,
  parcels: parcels.map(([parcelId, zone]) => ({
    parcelId,
    producer: `hof-${parcelId}`,
    zone,
    size: 'M' as const,
  })),
});

const accepted = (l: CounterLookup) => {
  if (!l.ok) throw new Error(`refused: ${l.reason} ${l.message}`);
  return l;
};

describe('a shop counter: staff hand orders over and book deliveries', () => {
  let f: StationFixture;
  let desk: CounterDesk;
  beforeEach(async () => {
    f = new StationFixture({ config: await counterConfig() });
    await f.start();
    if (!f.station.counter) throw new Error('no counter desk');
    desk = f.station.counter;
  });
  afterEach(() => f.close());

  /** A producer delivers: staff type the loading code and choose the place. */
  const deliver = (loadingCode: string, place: number, staff = 'anna') => {
    const l = accepted(desk.lookUp(loadingCode, 'keypad', staff));
    const [parcel] = l.parcels;
    if (!parcel) throw new Error('nothing to book');
    return desk.book(l.ticket, parcel.parcelId, place, staff);
  };

  it("a customer's PIN shows each parcel with the shelf or fridge it is stored in; staff hand them over one by one, and order.picked_up follows the last", async () => {
    const r = await f.station.reserve(order('O-1', ['brot', 'ambient'], ['milch', 'chilled']));
    deliver(r.parcels[0]?.loadingCode ?? '', 4);
    deliver(r.parcels[1]?.loadingCode ?? '', 2);

    const l = accepted(desk.lookUp(r.pickupPin, 'keypad', 'ben'));
    expect(l.purpose).toBe('pickup');
    expect(l.parcels.map((p) => [p.parcelId, p.place])).toEqual([
      ['brot', 4],
      ['milch', 2],
    ]);
    expect(desk.handOver(l.ticket, 'brot', 'ben')).toMatchObject({ place: 4, orderClosed: false });
    expect(f.eventsOf('order.picked_up')).toEqual([]);
    expect(desk.handOver(l.ticket, 'milch', 'ben')).toMatchObject({ place: 2, orderClosed: true });
    expect(f.eventsOf('parcel.picked_up').map((e) => [e.parcelId, e.compartment])).toEqual([
      ['brot', 4],
      ['milch', 2],
    ]);
    expect(f.eventsOf('order.picked_up')).toMatchObject([{ type: 'order.picked_up', orderId: 'O-1' }]);
    const handedOver = f.db
      .prepare(
        "SELECT parcel_id AS parcel, by, compartment_no AS place FROM audit_log WHERE action = 'handed_over' ORDER BY id",
      )
      .all();
    expect(handedOver).toEqual([
      { parcel: 'brot', by: 'ben', place: 4 },
      { parcel: 'milch', by: 'ben', place: 2 },
    ]);
  });

  it('a place holds many parcels: two orders share the fridge', async () => {
    const a = await f.station.reserve(order('O-1', ['milch', 'chilled']));
    const b = await f.station.reserve(order('O-2', ['sahne', 'chilled'], ['quark', 'chilled']));
    for (const p of [...a.parcels, ...b.parcels]) deliver(p.loadingCode, 2);
    expect(f.parcel('O-2', 'quark')).toMatchObject({ state: 'loaded', compartment: 2 });
    expect(accepted(desk.lookUp(b.qrToken ?? '', 'scanner', 'anna')).parcels.map((p) => p.place)).toEqual([
      2, 2,
    ]);
  });

  it('a delivery is booked into the place staff choose, by whom, and parcel.loaded names that place', async () => {
    const r = await f.station.reserve(order('O-1', ['brot', 'ambient']));
    expect(r.parcels[0]?.compartment).toBe(1);
    deliver(r.parcels[0]?.loadingCode ?? '', 4, 'anna');
    expect(f.eventsOf('parcel.loaded')).toMatchObject([
      { type: 'parcel.loaded', orderId: 'O-1', parcelId: 'brot', compartment: 4 },
    ]);
    const booked = f.db
      .prepare("SELECT by, compartment_no AS place FROM audit_log WHERE action = 'delivery_booked'")
      .get();
    expect(booked).toEqual({ by: 'anna', place: 4 });
  });

  it('frozen goods cannot be booked onto a shelf: the booking is refused and nothing changes', async () => {
    const r = await f.station.reserve(order('O-1', ['eis', 'frozen']));
    const l = accepted(desk.lookUp(r.parcels[0]?.loadingCode ?? '', 'keypad', 'anna'));
    expect(() => desk.book(l.ticket, 'eis', 1, 'anna')).toThrow(
      /frozen goods cannot be stored at a ambient place/,
    );
    expect(f.parcel('O-1', 'eis')).toMatchObject({ state: 'reserved', compartment: 3 });
    expect(f.eventsOf('parcel.loaded')).toEqual([]);
    expect(desk.book(l.ticket, 'eis', 3, 'anna')).toMatchObject({ place: 3 });
  });

  it('the PIN is single use: once everything is handed over it is refused as already used', async () => {
    const r = await f.station.reserve(order('O-1', ['brot', 'ambient']));
    deliver(r.parcels[0]?.loadingCode ?? '', 1);
    const l = accepted(desk.lookUp(r.pickupPin, 'keypad', 'anna'));
    desk.handOver(l.ticket, 'brot', 'anna');
    expect(desk.lookUp(r.pickupPin, 'keypad', 'anna')).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(() => desk.handOver(l.ticket, 'brot', 'anna')).toThrow(/ended/);
  });

  it('a parcel not delivered yet is shown as missing, and the PIN stays valid for it', async () => {
    const r = await f.station.reserve(order('O-1', ['brot', 'ambient'], ['eis', 'frozen']));
    deliver(r.parcels[0]?.loadingCode ?? '', 1);
    const l = accepted(desk.lookUp(r.pickupPin, 'keypad', 'anna'));
    expect(l.missing.map((m) => m.parcelId)).toEqual(['eis']);
    desk.handOver(l.ticket, 'brot', 'anna');
    expect(f.orderStatus('O-1')).not.toBe('picked_up');
    deliver(r.parcels[1]?.loadingCode ?? '', 3);
    const later = accepted(desk.lookUp(r.pickupPin, 'keypad', 'anna'));
    expect(later.parcels.map((p) => [p.parcelId, p.place])).toEqual([['eis', 3]]);
  });

  it('wrong PINs count towards the keypad back-off as at a locker; a hand-over needs the ticket of the staff member who typed the code', async () => {
    const r = await f.station.reserve(order('O-1', ['brot', 'ambient']));
    deliver(r.parcels[0]?.loadingCode ?? '', 1);
    const l = accepted(desk.lookUp(r.pickupPin, 'keypad', 'anna'));
    expect(() => desk.handOver(l.ticket, 'brot', 'ben')).toThrow(/ended/);
    expect(() => desk.handOver('made-up', 'brot', 'anna')).toThrow(/ended/);
    expect(f.parcel('O-1', 'brot')).toMatchObject({ state: 'loaded' });
    for (let i = 0; i < 5; i++) desk.lookUp('0000000000', 'keypad', 'anna');
    expect(desk.lookUp(r.pickupPin, 'keypad', 'anna')).toMatchObject({ ok: false, reason: 'LOCKED_OUT' });
  });

  it("the customers' keypad is not a way in at a counter: a code typed there opens nothing", async () => {
    const r = await f.station.reserve(order('O-1', ['brot', 'ambient']));
    deliver(r.parcels[0]?.loadingCode ?? '', 1);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'NOTHING_TO_OPEN',
    });
    expect(f.parcel('O-1', 'brot')).toMatchObject({ state: 'loaded' });
  });
});
