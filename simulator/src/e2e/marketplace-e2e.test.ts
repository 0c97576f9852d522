import { startTestBridge, type TestBridge, until, WebhookReceiver } from '@regiobox/cloud-bridge/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'dorfplatz-1';
const SECRET = 'webhook-secret-for-the-e2e-test';

interface ReservationBody {
  orderId: string;
  pickupPin: string;
  parcels: { parcelId: string; compartment: number; loadingCode: string }[];
}

describe('marketplace → bridge → station → marketplace, end to end', () => {
  let t: TestBridge | undefined;
  let linked: LinkedStation | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await linked?.dispose();
    linked = undefined;
    await t?.dispose();
    await receiver?.stop();
  });

  it('a reservation over HTTP is loaded and collected at the station; webhooks arrive signed, each event once, through a receiver outage', async () => {
    receiver = new WebhookReceiver(SECRET);
    const url = await receiver.start();
    t = await startTestBridge({
      webhooks: {
        endpoints: [{ id: 'shop', url, secret: SECRET, events: ['order.*', 'parcel.*', 'codes.issued'] }],
      },
    });
    linked = await startLinkedStation(t, STATION);
    const { station: s, board: b } = linked;
    await until(
      'the station is online at the bridge',
      async () => (await t?.bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );

    const res = await t.api('POST', `/v1/stations/${STATION}/reservations`, {
      orderId: 'order-1001',
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
    expect(reservation.parcels).toEqual([expect.objectContaining({ parcelId: 'milch', compartment: 1 })]);

    // the shop's webhook endpoint is down while the producer loads
    receiver.failing = true;
    const loaded = await s.service.submitCode(reservation.parcels[0]?.loadingCode ?? '', 'keypad');
    expect(loaded.ok).toBe(true);
    b.openDoor(0);
    b.setOccupancy(0, true);
    b.closeDoor(0);
    await until('the bridge knows the parcel is loaded', async () => {
      const order = await t?.api('GET', '/v1/orders/order-1001');
      const body = (await order?.json()) as { parcels?: { state: string }[] };
      return body.parcels?.[0]?.state === 'loaded';
    });
    receiver.failing = false;

    const pickup = await s.service.submitCode(reservation.pickupPin, 'keypad');
    expect(pickup).toMatchObject({ ok: true, compartments: [{ no: 1 }] });
    b.openDoor(0);
    b.setOccupancy(0, false);
    b.closeDoor(0);

    await until(
      'the shop received the pickup',
      () => receiver?.events.some((e) => e.type === 'order.picked_up') ?? false,
      20_000,
    );
    const delivered = receiver.events;
    const types = delivered.map((e) => e.type);
    for (const type of ['codes.issued', 'parcel.loaded', 'parcel.picked_up', 'order.picked_up']) {
      expect(types.filter((x) => x === type)).toHaveLength(1);
    }
    expect(delivered.every((e) => e.signatureValid)).toBe(true);
    // the outage made the bridge retry: some event was refused at least once and still arrived
    const refused = receiver.requests.filter((r) => r.status === 503).map((r) => r.id);
    expect(refused.length).toBeGreaterThan(0);
    expect(delivered.map((e) => e.id)).toEqual(expect.arrayContaining([...new Set(refused)]));

    const order = (await (await t.api('GET', '/v1/orders/order-1001')).json()) as Record<string, unknown>;
    expect(JSON.stringify(order)).toContain('picked_up');
    expect(JSON.stringify(order)).not.toContain(reservation.pickupPin);
  });

  it('a service opening requested over HTTP is signed by the bridge and opens exactly that compartment', async () => {
    t = await startTestBridge();
    linked = await startLinkedStation(t, STATION);
    const { board: b } = linked;
    await until('online', async () => (await t?.bridge.store.presence(STATION))?.state === 'online', 15_000);
    const res = await t.api('POST', `/v1/stations/${STATION}/compartments/2/service-open`, {
      operator: 'anna.schmidt',
      reason: 'cleaning',
    });
    expect(res.status).toBeLessThan(300);
    await until('the board pulsed channel 1', () => b.pulses().length > 0);
    expect(b.pulses().map((p) => p.channel)).toEqual([1]);
  });
});
