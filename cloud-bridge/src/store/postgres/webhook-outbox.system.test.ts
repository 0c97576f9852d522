import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { createLogger } from '../../logger.js';
import { TenantDirectory } from '../../tenants/tenants.js';
import { eventMessage } from '../../test-support/messages.js';
import { type RunningPostgres, startPostgres } from '../../test-support/postgres.js';
import { until } from '../../test-support/until.js';
import { WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { WebhookDispatcher } from '../../webhooks/dispatcher.js';
import { WebhookSink } from '../../webhooks/webhook-sink.js';
import { PgDatabase } from './pg-database.js';
import { PgWebhookOutbox } from './webhook-outbox.js';

const secret = 'marketplace-webhook-secret-123456';
const S = 'dorfladen-1';

let cluster: RunningPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('the webhook outbox shared by two bridge instances on PostgreSQL', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** one bridge instance: its own connection pool, sink and dispatcher on the shared outbox */
  const instance = async (url: string, endpoint: { id: string; url: string }, name: string) => {
    const db = await PgDatabase.open(url);
    const outbox = new PgWebhookOutbox(db);
    const endpoints = [{ ...endpoint, secret, events: ['*'] }];
    const sink = new WebhookSink(
      outbox,
      new TenantDirectory([
        { id: 'default', apiKeys: [], webhooks: endpoints, stations: null, network: true },
      ]),
      systemClock,
    );
    const dispatcher = new WebhookDispatcher({
      outbox,
      sink,
      endpoints,
      clock: systemClock,
      logger: createLogger('silent'),
      backoff: { baseMs: 20, maxMs: 200 },
      maxAttempts: 50,
      timeoutMs: 2000,
      instanceId: name,
      idlePollMs: 100,
    });
    dispatcher.start();
    cleanup.push(async () => {
      await dispatcher.stop();
      await db.close();
    });
    return { sink, outbox };
  };

  const receiver = async () => {
    const r = new WebhookReceiver(secret);
    const url = await r.start();
    cleanup.push(() => r.stop());
    return { r, endpoint: { id: 'shop', url } };
  };

  it('delivers each event once, in order, whichever instance enqueued it and however often', async () => {
    const url = await cluster.createDatabase();
    const { r, endpoint } = await receiver();
    const one = await instance(url, endpoint, 'bridge-1');
    const two = await instance(url, endpoint, 'bridge-2');
    const events = Array.from({ length: 30 }, (_, i) =>
      eventMessage(S, i + 1, { type: 'order.picked_up', orderId: `o-${i}` }),
    );
    // a station event can reach both instances (redelivery after a reconnect): both enqueue it
    for (const e of events) await Promise.all([one.sink.stationEvent(e), two.sink.stationEvent(e)]);
    await until('all delivered', () => r.events.length === events.length, 20_000);
    expect(r.requests.map((q) => q.id)).toEqual(events.map((e) => e.id));
    expect(await one.outbox.counts('shop')).toEqual({ pending: 0, delivered: 30, failed: 0 });
  });

  it("delivers a row claimed by an instance that died once the dead instance's lease has run out", async () => {
    const url = await cluster.createDatabase();
    const { r, endpoint } = await receiver();
    const db = await PgDatabase.open(url);
    cleanup.push(() => db.close());
    const outbox = new PgWebhookOutbox(db);
    const e = eventMessage(S, 1, { type: 'order.picked_up', orderId: 'o-1' });
    const claimedAt = new Date();
    await outbox.enqueue('shop', e.id, 'order.picked_up', JSON.stringify({ id: e.id }), claimedAt);
    const dead = await outbox.claim('shop', 'bridge-killed', claimedAt, 1500);
    expect(dead.kind).toBe('due');

    await instance(url, endpoint, 'bridge-2');
    await new Promise((res) => setTimeout(res, 700));
    expect(r.requests).toHaveLength(0); // the lease still holds
    await until('delivered by the survivor', () => r.events.length === 1, 10_000);
    expect(Date.now() - claimedAt.getTime()).toBeGreaterThanOrEqual(1500);
    expect(r.requests.map((q) => q.id)).toEqual([e.id]);
  });
});
