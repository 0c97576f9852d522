import {
  AlarmList,
  CommandOutcome,
  Order,
  Problem,
  startTestBridge,
  type TestBridge,
  until,
} from '@regiobox/cloud-bridge/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'hofladen-kalt-1';

interface ReservationBody {
  pickupPin: string;
  parcels: { parcelId: string; compartment: number; loadingCode: string }[];
}

describe('a parcel held for its cold chain, released by the marketplace over HTTP', () => {
  let t: TestBridge | undefined;
  let linked: LinkedStation | undefined;
  afterEach(async () => {
    await linked?.dispose();
    await t?.dispose();
    linked = undefined;
    t = undefined;
  });

  const breach = async (bridge: TestBridge) => {
    const res = await bridge.api('GET', `/v1/alarms?state=all&stationId=${STATION}`);
    return AlarmList.parse(await res.json()).alarms.find((a) => a.kind === 'cold_chain_breach');
  };

  const parcelState = async (bridge: TestBridge, orderId: string) => {
    const order = Order.parse(await (await bridge.api('GET', `/v1/orders/${orderId}`)).json());
    return order.parcels[0]?.state;
  };

  it('a warm fridge holds the milk; the decision "release" lifts the block and the customer collects with the PIN', async () => {
    t = await startTestBridge();
    const bridge = t;
    linked = await startLinkedStation(bridge, STATION);
    const { station, board } = linked;
    // goods are held after 0.6 s above 7 °C instead of 30 min; set before loading, as limits apply per load
    await station.monitor.setThresholds('chilled', { delaySeconds: 1, budgetMinutes: 0.01 });
    await until(
      'the station is online',
      async () => (await bridge.bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );

    const res = await bridge.api('POST', `/v1/stations/${STATION}/reservations`, {
      orderId: 'order-2001',
      parcels: [
        {
          parcelId: 'milch',
          producer: 'Hof Sonnenwiese',
          zone: 'chilled',
          size: 'S',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    });
    expect(res.status).toBe(201);
    const reservation = (await res.json()) as ReservationBody;
    expect((await station.service.submitCode(reservation.parcels[0]?.loadingCode ?? '', 'keypad')).ok).toBe(
      true,
    );
    board.openDoor(0);
    board.setOccupancy(0, true);
    board.closeDoor(0);
    await until(
      'the bridge knows the milk is loaded',
      async () => (await parcelState(bridge, 'order-2001')) === 'loaded',
    );

    board.setProbe(0, 11.5);
    await until(
      'the bridge knows the milk is held',
      async () => (await parcelState(bridge, 'order-2001')) === 'held',
    );
    board.setProbe(0, 5);
    const held = Order.parse(await (await bridge.api('GET', '/v1/orders/order-2001')).json());
    expect(held.coldChain).toEqual([
      expect.objectContaining({ parcelId: 'milch', kind: 'hold', breached: true }),
    ]);
    expect(station.service.snapshot().find((c) => c.no === 1)?.state).toBe('blocked');
    // the operators learn of it as a critical alarm on the compartment
    await until(
      'the cold_chain_breach alarm at the bridge',
      async () => (await breach(bridge)) !== undefined,
    );
    expect(await breach(bridge)).toMatchObject({
      compartment: 1,
      severity: 'critical',
      state: 'open',
      detail: expect.stringContaining('parcel milch of order order-2001 held'),
    });
    const pulsesBefore = board.pulses().length;
    expect(await station.service.submitCode(reservation.pickupPin, 'keypad')).toMatchObject({ ok: false });
    expect(board.pulses()).toHaveLength(pulsesBefore);

    const decided = await bridge.api('POST', '/v1/orders/order-2001/parcels/milch/hold-decision', {
      decision: 'release',
      by: 'Erika (Qualität)',
      why: 'core temperature measured 6.1 °C; within the limit',
    });
    expect(decided.status).toBe(200);
    expect(CommandOutcome.parse(await decided.json())).toMatchObject({
      stationId: STATION,
      status: 'done',
      result: { orderId: 'order-2001', parcelId: 'milch', decision: 'release' },
    });
    expect(station.service.snapshot().find((c) => c.no === 1)?.state).toBe('loaded');
    await until(
      'the bridge knows the milk is released',
      async () => (await parcelState(bridge, 'order-2001')) === 'loaded',
    );
    // the decision ends the alarm's episode
    await until('the breach cleared', async () => (await breach(bridge))?.state === 'cleared');
    const order = Order.parse(await (await bridge.api('GET', '/v1/orders/order-2001')).json());
    expect(order.history.find((e) => e.type === 'parcel.hold_decided')?.event).toMatchObject({
      decision: 'release',
      by: 'Erika (Qualität)',
      why: 'core temperature measured 6.1 °C; within the limit',
    });

    // the bridge knows the parcel is no longer held: a second decision never reaches the station
    const again = await bridge.api('POST', '/v1/orders/order-2001/parcels/milch/hold-decision', {
      decision: 'discard',
      by: 'Erika (Qualität)',
      why: 'second thoughts',
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(Problem.parse(await again.json())).toMatchObject({ code: 'PARCEL_NOT_HELD' });

    expect(await station.service.submitCode(reservation.pickupPin, 'keypad')).toMatchObject({
      ok: true,
      compartments: [{ no: 1 }],
    });
    board.openDoor(0);
    board.setOccupancy(0, false);
    board.closeDoor(0);
    await until(
      'the bridge knows the milk was collected',
      async () => (await parcelState(bridge, 'order-2001')) === 'picked_up',
    );
  });

  it('refuses a bad body naming the field, an unknown order, an unknown parcel and a parcel that is not held', async () => {
    t = await startTestBridge();
    const bridge = t;
    linked = await startLinkedStation(bridge, STATION);
    await until(
      'the station is online',
      async () => (await bridge.bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );
    const reserved = await bridge.api('POST', `/v1/stations/${STATION}/reservations`, {
      orderId: 'order-2002',
      parcels: [
        {
          parcelId: 'kaese',
          producer: 'Käserei Berg',
          zone: 'chilled',
          size: 'S',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    });
    expect(reserved.status).toBe(201);
    await until(
      'the bridge knows the order',
      async () => (await parcelState(bridge, 'order-2002')) === 'reserved',
    );
    const decide = (path: string, body: unknown) => bridge.api('POST', path, body);
    const valid = { decision: 'release', by: 'Erika', why: 'measured 5 °C' };

    const bad = await decide('/v1/orders/order-2002/parcels/kaese/hold-decision', {
      decision: 'keep',
      by: 'Erika',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const badBody = Problem.parse(await bad.json());
    expect(badBody.code).toBe('INVALID_REQUEST');
    expect(badBody.errors?.map((e) => e.field)).toEqual(['body.decision', 'body.why']);

    const unknownOrder = await decide('/v1/orders/order-9999/parcels/kaese/hold-decision', valid);
    expect(unknownOrder.status).toBe(404);
    expect(Problem.parse(await unknownOrder.json())).toMatchObject({ code: 'UNKNOWN_ORDER' });

    const unknownParcel = await decide('/v1/orders/order-2002/parcels/brot/hold-decision', valid);
    expect(unknownParcel.status).toBe(404);
    expect(Problem.parse(await unknownParcel.json())).toMatchObject({ code: 'UNKNOWN_PARCEL' });

    const notHeld = await decide('/v1/orders/order-2002/parcels/kaese/hold-decision', valid);
    expect(notHeld.status).toBe(409);
    expect(Problem.parse(await notHeld.json())).toMatchObject({
      code: 'PARCEL_NOT_HELD',
      detail: expect.stringContaining('is not held (it is reserved)'),
    });
    expect(linked.station.service.snapshot().find((c) => c.no === 1)?.state).toBe('reserved');
  });
});
