import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment } from '../test-support/messages.js';
import { reserveAnswer } from '../test-support/station-peer.js';
import { until } from '../test-support/until.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';
import { Reservation } from './schemas.js';

const S = 'hofladen-2';
const inDays = (d: number, from = Date.now()) => new Date(from + d * 86_400_000).toISOString();
const order = (orderId: string, from = Date.now()) => ({
  orderId,
  parcels: [
    {
      parcelId: `${orderId}-p1`,
      producer: 'Hof Schulze',
      zone: 'chilled',
      size: 'M',
      deadline: inDays(2, from),
    },
  ],
});
const secret = 'webhook-secret-for-reservations';

describe('reservations over HTTP', () => {
  let t: TestBridge;
  const receivers: WebhookReceiver[] = [];
  afterEach(async () => {
    await t?.dispose();
    for (const r of receivers.splice(0)) await r.stop();
  });

  const withReceiver = async () => {
    const receiver = new WebhookReceiver(secret);
    receivers.push(receiver);
    const url = await receiver.start();
    return { receiver, webhooks: { endpoints: [{ id: 'shop', url, secret, events: ['*'] }] } };
  };

  it('returns 201 with compartments and codes when the online station answers', async () => {
    t = await startTestBridge();
    const peer = await t.station(S, 1, [compartment(1), compartment(2)]);
    peer.respond = reserveAnswer;
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');

    const res = await t.api('POST', `/v1/stations/${S}/reservations`, order('o-100'));
    expect(res.status).toBe(201);
    const body = Reservation.parse(await res.json());
    expect(body).toMatchObject({
      orderId: 'o-100',
      stationId: S,
      status: 'reserved',
      pickupPin: '48291375',
      qrToken: 'qr-o-100-secret',
      parcels: [{ parcelId: 'o-100-p1', compartment: 1, zone: 'chilled', size: 'M', loadingCode: '771200' }],
    });
    const sent = peer.commands[0];
    expect(sent?.command).toMatchObject({ type: 'reserve', orderId: 'o-100' });
    expect(sent?.id).toBe(body.reservationId);

    // the codes were handed out once; the bridge kept none of them
    const again = Reservation.parse(
      await (await t.api('GET', `/v1/reservations/${body.reservationId}`)).json(),
    );
    expect(again.status).toBe('reserved');
    expect(JSON.stringify(again)).not.toMatch(/48291375|qr-o-100-secret|771200/);
  });

  it('answers 409 naming the parcel when the station has no free compartment', async () => {
    t = await startTestBridge();
    const peer = await t.station(S, 1, [compartment(1)]);
    peer.respond = () => ({
      ok: false,
      code: 'NO_FREE_COMPARTMENT',
      message: 'no free frozen compartment of size L or larger for parcel big-1',
      details: { parcelId: 'big-1', zone: 'frozen', size: 'L' },
    });
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');
    const res = await t.api('POST', `/v1/stations/${S}/reservations`, {
      orderId: 'o-101',
      parcels: [
        { parcelId: 'big-1', producer: 'Fischerei Lehmann', zone: 'frozen', size: 'L', deadline: inDays(1) },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 409, code: 'NO_FREE_COMPARTMENT', parcelId: 'big-1' });
  });

  it('queues a reservation for an offline station (202) and delivers it when the station comes back', async () => {
    const { receiver, webhooks } = await withReceiver();
    t = await startTestBridge({ webhooks });
    await t.register(S); // registered, not connected

    const res = await t.api('POST', `/v1/stations/${S}/reservations`, order('o-200'));
    expect(res.status).toBe(202);
    const queued = Reservation.parse(await res.json());
    expect(queued).toMatchObject({ status: 'queued', orderId: 'o-200' });
    expect(queued.detail).toBe(`station offline, queued until ${queued.expiresAt}`);
    expect(res.headers.get('location')).toBe(`/v1/reservations/${queued.reservationId}`);
    // asking again for the same order answers with the same reservation
    const repeat = Reservation.parse(
      await (await t.api('POST', `/v1/stations/${S}/reservations`, order('o-200'))).json(),
    );
    expect(repeat.reservationId).toBe(queued.reservationId);

    const peer = await t.reconnect(S, 1, [compartment(1)]);
    peer.respond = reserveAnswer;
    await until('reservation delivered', () => peer.commands.some((c) => c.id === queued.reservationId));
    await until('confirmation webhook', () =>
      receiver.events.some((e) => e.type === 'reservation.confirmed'),
    );
    const hook = receiver.events.find((e) => e.type === 'reservation.confirmed');
    expect(hook?.signatureValid).toBe(true);
    expect(hook?.body.data).toMatchObject({
      reservationId: queued.reservationId,
      orderId: 'o-200',
      pickupPin: '48291375',
    });

    // the codes are handed out on the first GET, never again
    const first = Reservation.parse(
      await (await t.api('GET', `/v1/reservations/${queued.reservationId}`)).json(),
    );
    expect(first).toMatchObject({
      status: 'reserved',
      pickupPin: '48291375',
      parcels: [{ loadingCode: '771200' }],
    });
    const second = Reservation.parse(
      await (await t.api('GET', `/v1/reservations/${queued.reservationId}`)).json(),
    );
    expect(second.status).toBe('reserved');
    expect(second.pickupPin).toBeUndefined();
    expect(peer.commands.filter((c) => c.id === queued.reservationId)).toHaveLength(1);
  });

  it('never delivers a queued command that expired while the station was away', async () => {
    const clock = new ManualClock(new Date());
    const { receiver, webhooks } = await withReceiver();
    t = await startTestBridge({ webhooks, commands: { reservationTtlSeconds: 3600 } }, { clock });
    await t.register(S);
    const stale = Reservation.parse(
      await (
        await t.api('POST', `/v1/stations/${S}/reservations`, order('o-300', clock.now().getTime()))
      ).json(),
    );
    expect(stale.status).toBe('queued');

    clock.advance(2 * 3600_000);
    await until('reservation expired', async () => {
      const r = Reservation.parse(
        await (await t.api('GET', `/v1/reservations/${stale.reservationId}`)).json(),
      );
      return r.status === 'expired';
    });
    await until('expiry webhook', () => receiver.events.some((e) => e.type === 'reservation.expired'));

    const peer = await t.reconnect(S, 1, [compartment(1)]);
    peer.respond = reserveAnswer;
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');
    const fresh = await t.api(
      'POST',
      `/v1/stations/${S}/reservations`,
      order('o-301', clock.now().getTime()),
    );
    expect(fresh.status).toBe(201);
    // commands reach a station in order, so the expired one would have come first
    expect(peer.commands.map((c) => c.command.type === 'reserve' && c.command.orderId)).toEqual(['o-301']);
  });
});
