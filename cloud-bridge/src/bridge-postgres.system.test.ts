import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Reservation } from './http/schemas.js';
import { startTestBridge, type TestBridge } from './test-support/bridge-harness.js';
import { compartment } from './test-support/messages.js';
import { type RunningPostgres, startPostgres } from './test-support/postgres.js';
import { reserveAnswer } from './test-support/station-peer.js';
import { until } from './test-support/until.js';
import { WebhookReceiver } from './test-support/webhook-receiver.js';

const S = 'hofladen-7';
const secret = 'webhook-secret-for-postgres-test';

let cluster: RunningPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('a bridge with database.url keeps everything in PostgreSQL', () => {
  const open: { dispose(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.dispose();
  });
  const track = <T extends { dispose(): Promise<void> }>(x: T): T => {
    open.push(x);
    return x;
  };

  it('serves a reservation, and a second instance on the same database sees the station, the order and its key', async () => {
    const url = await cluster.createDatabase();
    const hooks = new WebhookReceiver(secret);
    track({ dispose: () => hooks.stop() });
    const endpoints = [{ id: 'shop', url: await hooks.start(), secret, events: ['*'] }];
    const one: TestBridge = track(await startTestBridge({ database: { url }, webhooks: { endpoints } }));
    const peer = await one.station(S, 1, [compartment(1), compartment(2)]);
    peer.respond = reserveAnswer;
    await until('online', async () => (await one.bridge.store.presence(S))?.state === 'online');

    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    const res = await one.api('POST', `/v1/stations/${S}/reservations`, {
      orderId: 'o-pg-1',
      parcels: [{ parcelId: 'p1', producer: 'Hof Schulze', zone: 'chilled', size: 'M', deadline }],
    });
    expect(res.status).toBe(201);
    const reservation = Reservation.parse(await res.json());
    const reserved = await peer.event({
      type: 'order.reserved',
      orderId: 'o-pg-1',
      parcels: [{ parcelId: 'p1', compartment: 1, zone: 'chilled', size: 'M', deadline }],
    });
    const loaded = await peer.event({
      type: 'parcel.loaded',
      orderId: 'o-pg-1',
      parcelId: 'p1',
      compartment: 1,
    });
    await peer.republish(loaded); // a redelivery is stored and forwarded once
    await until('webhooks delivered', () => hooks.events.length >= 2);
    expect(hooks.requests.map((r) => r.id)).toEqual([reserved.id, loaded.id]);

    const two: TestBridge = track(await startTestBridge({ database: { url } }));
    const order = await (await two.api('GET', '/v1/orders/o-pg-1')).json();
    expect(order).toMatchObject({ orderId: 'o-pg-1', stationId: S, state: 'loaded' });
    expect(two.bridge.registry.hasStation(S)).toBe(true);
    expect(two.bridge.registry.commandKey(S).equals(one.bridge.registry.commandKey(S))).toBe(true);
    expect((await two.bridge.store.getStation(S))?.compartments.map((c) => c.state)).toEqual([
      'loaded',
      'free',
    ]);

    // nothing in any table holds a clear code the station issued
    const pg = one.bridge.postgres!;
    const tables = await pg.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'bridge_migrations'",
    );
    const dump = JSON.stringify(await Promise.all(tables.map(({ t }) => pg.query(`SELECT * FROM "${t}"`))));
    expect(dump).toContain('o-pg-1');
    expect(reservation.pickupPin).toBeTruthy();
    expect(dump).not.toContain(reservation.pickupPin!);
  });
});
