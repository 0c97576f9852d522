import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { createLogger } from '../logger.js';
import { TenantDirectory } from '../tenants/tenants.js';
import { eventMessage } from '../test-support/messages.js';
import { tempDatabase } from '../test-support/temp-db.js';
import { until } from '../test-support/until.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';
import { WebhookDispatcher } from './dispatcher.js';
import { WebhookSink } from './webhook-sink.js';
import { SqliteWebhookOutbox } from './webhook-store.js';

const secret = 'marketplace-webhook-secret-123456';
const S = 'dorfladen-1';

describe('webhook delivery', () => {
  let tmp: ReturnType<typeof tempDatabase>;
  const receivers: WebhookReceiver[] = [];
  let dispatcher: WebhookDispatcher | undefined;

  beforeEach(() => {
    tmp = tempDatabase();
  });
  afterEach(async () => {
    await dispatcher?.stop();
    for (const r of receivers.splice(0)) await r.stop();
    tmp.dispose();
  });

  const setup = async (maxAttempts = 50) => {
    const healthy = new WebhookReceiver(secret);
    const flaky = new WebhookReceiver(secret);
    receivers.push(healthy, flaky);
    const endpoints = [
      { id: 'shop', url: await healthy.start(), secret, events: ['order.*', 'parcel.*'] },
      { id: 'flaky', url: await flaky.start(), secret, events: ['*'] },
    ];
    const outbox = new SqliteWebhookOutbox(tmp.db);
    const sink = new WebhookSink(
      outbox,
      new TenantDirectory([
        { id: 'default', apiKeys: [], webhooks: endpoints, stations: null, network: true },
      ]),
      systemClock,
    );
    dispatcher = new WebhookDispatcher({
      outbox,
      sink,
      endpoints,
      clock: systemClock,
      logger: createLogger('silent'),
      backoff: { baseMs: 20, maxMs: 200 },
      maxAttempts,
      timeoutMs: 2000,
    });
    dispatcher.start();
    return { healthy, flaky, sink, outbox };
  };

  it('keeps retrying a failing receiver until each event is delivered once, in order, signed', async () => {
    const { healthy, flaky, sink } = await setup();
    flaky.failing = true;
    const events = [1, 2, 3].map((seq) =>
      eventMessage(S, seq, { type: 'parcel.loaded', orderId: 'o-1', parcelId: `p-${seq}`, compartment: seq }),
    );
    for (const e of events) await sink.stationEvent(e);
    // the healthy receiver is not held up by the failing one
    await until('healthy receiver got all events', () => healthy.events.length === 3);
    await until('flaky receiver was retried', () => flaky.requests.length >= 3);
    expect(flaky.events).toHaveLength(0);

    flaky.failing = false;
    await until('flaky receiver got all events', () => flaky.events.length === 3);
    for (const r of [healthy, flaky]) {
      expect(r.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(r.events.every((e) => e.signatureValid)).toBe(true);
    }
    expect(flaky.events[0]?.body).toMatchObject({ type: 'parcel.loaded', stationId: S, seq: 1 });
    expect(Number(flaky.events[0]?.attemptHeader)).toBeGreaterThan(1);
  });

  it('sends a redelivered station event only once per endpoint', async () => {
    const { healthy, sink } = await setup();
    const e = eventMessage(S, 1, { type: 'order.picked_up', orderId: 'o-9' });
    await sink.stationEvent(e);
    await sink.stationEvent(e);
    const later = eventMessage(S, 2, { type: 'order.expired', orderId: 'o-8' });
    await sink.stationEvent(later);
    await until('both events delivered', () => healthy.events.length === 2);
    expect(healthy.requests.map((r) => r.id)).toEqual([e.id, later.id]);
  });

  it('gives up after the configured attempts and moves on to the next event', async () => {
    const { flaky, sink, outbox } = await setup(3);
    flaky.failing = true;
    const doomed = eventMessage(S, 1, { type: 'order.cancelled', orderId: 'o-1', reason: 'x' });
    await sink.stationEvent(doomed);
    await until('three attempts', () => flaky.requests.length === 3);
    flaky.failing = false;
    const next = eventMessage(S, 2, { type: 'order.cancelled', orderId: 'o-2', reason: 'x' });
    await sink.stationEvent(next);
    await until('next event delivered', () => flaky.events.length === 1);
    expect(flaky.events[0]?.id).toBe(next.id);
    expect(await outbox.counts('flaky')).toEqual({ pending: 0, delivered: 1, failed: 1 });
  });
});
