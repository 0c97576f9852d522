import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReserveResult } from './api.js';
import { customerCollects, producerLoads, pullOpen, shut } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';
import { until } from './testing/until.js';

const threeFarms = {
  orderId: 'O-1',
  parcels: [
    { parcelId: 'bread', producer: 'Bäckerei Lehmann', zone: 'ambient' as const, size: 'S' as const },
    { parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled' as const, size: 'S' as const },
    { parcelId: 'meat', producer: 'Spreewaldhof', zone: 'frozen' as const, size: 'M' as const },
  ],
};
const loadingCode = (r: ReserveResult, parcelId: string): string =>
  r.parcels.find((p) => p.parcelId === parcelId)?.loadingCode ?? '';

describe('loading and pickup door cycle', () => {
  let f: StationFixture;
  let r: ReserveResult;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    r = await f.station.reserve(threeFarms);
  });
  afterEach(() => f.close());

  it('a producer opens the reserved compartment with the loading code; the parcel is loaded when the producer closes the door on the goods (parcel.loaded, MQTT.md)', async () => {
    const out = await f.station.submitCode(loadingCode(r, 'milk'), 'keypad');
    expect(out).toMatchObject({
      ok: true,
      purpose: 'loading',
      orderId: 'O-1',
      message: 'Compartment 4 is open.',
    });
    expect(f.parcel('O-1', 'milk')?.state).toBe('reserved');
    await pullOpen(f, 4);
    // the door is open, the goods are going in: not loaded yet
    expect(f.parcel('O-1', 'milk')?.state).toBe('reserved');
    expect(f.eventsOf('parcel.loaded')).toEqual([]);
    await shut(f, 4, true);
    expect(f.parcel('O-1', 'milk')?.state).toBe('loaded');
    const doorThenLoad = f
      .events()
      .filter((e) => e.type === 'compartment.door' || e.type === 'parcel.loaded')
      .map((e) => (e.type === 'compartment.door' ? `door ${e.open ? 'open' : 'shut'}` : e.type));
    expect(doorThenLoad).toEqual(['door open', 'door shut', 'parcel.loaded']);
    expect(f.station.snapshot().find((c) => c.no === 4)).toMatchObject({
      state: 'loaded',
      doorOpen: false,
      orderId: 'O-1',
    });
    expect(f.eventsOf('parcel.loaded')).toEqual([
      { type: 'parcel.loaded', tenant: 'default', orderId: 'O-1', parcelId: 'milk', compartment: 4 },
    ]);
    expect(f.eventsOf('compartment.unlocked')).toEqual([
      {
        type: 'compartment.unlocked',
        compartment: 4,
        reason: 'loading',
        orderId: 'O-1',
        tenant: 'default',
        by: null,
        outcome: 'confirmed',
      },
    ]);
  });

  it('a loading code works once', async () => {
    await producerLoads(f, loadingCode(r, 'milk'));
    expect(await f.station.submitCode(loadingCode(r, 'milk'), 'keypad')).toMatchObject({
      ok: false,
      reason: 'EXPIRED',
      message: expect.stringContaining('already been used'),
    });
  });

  it('one PIN opens every loaded compartment of the order and lists what is not there yet', async () => {
    await producerLoads(f, loadingCode(r, 'bread'));
    await producerLoads(f, loadingCode(r, 'meat'));
    const out = await customerCollects(f, r.pickupPin);
    expect(out).toMatchObject({
      ok: true,
      purpose: 'pickup',
      compartments: [
        {
          no: 1,
          zone: 'ambient',
          location: 'top row, 1st from left',
          parcelId: 'bread',
          outcome: 'confirmed',
        },
        { no: 7, zone: 'frozen', location: 'bottom row, right', parcelId: 'meat', outcome: 'confirmed' },
      ],
      missing: [{ parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', state: 'reserved' }],
      message: 'Compartments 1 and 7 are open. 1 parcel is not here yet.',
    });
    expect(f.parcel('O-1', 'bread')?.state).toBe('picked_up');
    expect(f.parcel('O-1', 'meat')?.state).toBe('picked_up');
    expect(f.orderStatus('O-1')).toBe('partly_loaded');
  });

  it('the PIN still works for the parcel that came later, then the order is picked up and the PIN is spent', async () => {
    await producerLoads(f, loadingCode(r, 'bread'));
    await customerCollects(f, r.pickupPin);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'NOTHING_TO_OPEN',
    });
    await producerLoads(f, loadingCode(r, 'milk'));
    await producerLoads(f, loadingCode(r, 'meat'));
    const second = await customerCollects(f, r.pickupPin);
    expect(second).toMatchObject({ ok: true, missing: [] });
    expect(f.orderStatus('O-1')).toBe('picked_up');
    expect(f.eventsOf('order.picked_up')).toEqual([
      { type: 'order.picked_up', tenant: 'default', orderId: 'O-1' },
    ]);
    expect(f.eventsOf('parcel.picked_up').map((e) => e.parcelId)).toEqual(['bread', 'milk', 'meat']);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(f.station.snapshot().every((c) => c.state === 'free')).toBe(true);
  });

  it('the scanned QR token opens the same compartments as the PIN', async () => {
    await producerLoads(f, loadingCode(r, 'milk'));
    const out = await customerCollects(f, r.qrToken, 'scanner');
    expect(out).toMatchObject({ ok: true, purpose: 'pickup', compartments: [{ no: 4 }] });
  });

  it('unlocked but never opened: after the timeout nothing has changed and the PIN still works', async () => {
    await producerLoads(f, loadingCode(r, 'milk'));
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
    f.hw.relatch(f.input(4));
    f.clock.advance(31_000);
    f.station.sweepUnlocks();
    await until(
      () => f.notices.some((n) => n.type === 'unlock_not_used' && n.compartment === 4),
      'unlock not used',
    );
    expect(f.parcel('O-1', 'milk')?.state).toBe('loaded');
    expect(f.pendingUnlocks()).toEqual([]);
    const again = await customerCollects(f, r.pickupPin);
    expect(again).toMatchObject({ ok: true, compartments: [{ no: 4 }] });
    expect(f.parcel('O-1', 'milk')?.state).toBe('picked_up');
  });

  it('the same code typed again while the door waits pulses it again instead of refusing', async () => {
    await f.station.submitCode(loadingCode(r, 'milk'), 'keypad');
    const again = await f.station.submitCode(loadingCode(r, 'milk'), 'keypad');
    expect(again).toMatchObject({ ok: true, compartments: [{ no: 4 }] });
    expect(f.hw.pulses.map((p) => p.channel)).toEqual([3, 3]);
  });

  it('a door opened without an unlock is a forced-door event and moves no parcel', async () => {
    await producerLoads(f, loadingCode(r, 'milk'));
    f.hw.forceDoor(f.input(4));
    await until(() => f.notices.some((n) => n.type === 'door_forced' && n.compartment === 4), 'forced door');
    expect(f.parcel('O-1', 'milk')?.state).toBe('loaded');
    expect(f.eventsOf('compartment.door').at(-1)).toEqual({
      type: 'compartment.door',
      compartment: 4,
      open: true,
    });
    const audit = f.db
      .prepare('SELECT action FROM audit_log WHERE compartment_no = 4 ORDER BY id DESC LIMIT 1')
      .get();
    expect(audit).toEqual({ action: 'door_forced' });
  });

  it('a compartment closed after pickup that still holds goods raises an occupancy event', async () => {
    await producerLoads(f, loadingCode(r, 'milk'));
    await f.station.submitCode(r.pickupPin, 'keypad');
    await pullOpen(f, 4);
    await shut(f, 4, true);
    expect(f.eventsOf('compartment.occupancy')).toEqual([
      { type: 'compartment.occupancy', compartment: 4, expected: 'empty', actual: 'occupied' },
    ]);
    expect(f.notices.some((n) => n.type === 'occupancy_mismatch' && n.compartment === 4)).toBe(true);
  });

  it('a compartment closed after loading but empty raises an occupancy event', async () => {
    await f.station.submitCode(loadingCode(r, 'bread'), 'keypad');
    await pullOpen(f, 1);
    await shut(f, 1, false);
    expect(f.eventsOf('compartment.occupancy')).toEqual([
      { type: 'compartment.occupancy', compartment: 1, expected: 'occupied', actual: 'empty' },
    ]);
  });

  it('every unlock is audited with its reason, and no code appears in the audit log', async () => {
    await producerLoads(f, loadingCode(r, 'milk'));
    await customerCollects(f, r.pickupPin);
    const rows = f.db
      .prepare('SELECT action, reason, detail FROM audit_log WHERE compartment_no = 4 ORDER BY id')
      .all();
    expect(rows.map((x) => (x as { action: string }).action)).toEqual([
      'unlock_requested',
      'unlock_confirmed',
      'door_opened',
      'door_closed',
      'unlock_requested',
      'unlock_confirmed',
      'door_opened',
      'door_closed',
    ]);
    const text = JSON.stringify(f.db.prepare('SELECT * FROM audit_log').all());
    expect(text).not.toContain(r.pickupPin);
    expect(text).not.toContain(loadingCode(r, 'milk'));
  });
});
