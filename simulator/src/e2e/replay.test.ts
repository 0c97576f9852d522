import { startTestBridge, type TestBridge, until, WebhookReceiver } from '@regiobox/cloud-bridge/testing';
import { EventMessage } from '@regiobox/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { ForgetfulBroker } from './testing/forgetful-broker.js';
import { stationOnBroker } from './testing/late-will.js';

const STATION = 'dorfladen-7';
const SECRET = 'webhook-secret-for-the-replay-test';
const BRIDGE = { username: 'regiobox_bridge', password: 'bridge-password' };

describe('events a broker acknowledged but lost on their way to the marketplace', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('come back: the bridge sees the gap in seq, asks the station to replay, and every event reaches the webhooks once', async () => {
    const broker = new ForgetfulBroker();
    await broker.start();
    cleanups.push(() => broker.stop());
    const receiver = new WebhookReceiver(SECRET);
    const hooks = await receiver.start();
    cleanups.push(() => receiver.stop());
    const t: TestBridge = await startTestBridge({
      broker: { url: broker.url, ...BRIDGE },
      webhooks: {
        endpoints: [{ id: 'shop', url: hooks, secret: SECRET, events: ['order.*', 'codes.issued'] }],
      },
    });
    cleanups.push(() => t.dispose());
    const linked = await stationOnBroker(broker.url, STATION, { username: STATION, password: 'station-pw' });
    cleanups.push(() => linked.dispose());
    const { service, link, outbox } = linked.station;
    const online = async () => (await t.bridge.store.presence(STATION))?.state === 'online';
    await until('the station online at the bridge', online, 15_000);
    // each order: order.reserved, codes.issued, order.cancelled
    const order = async (n: number) => {
      await service.reserve({
        orderId: `order-${n}`,
        parcels: [{ parcelId: 'p-1', producer: 'Hof Sonnenwiese', zone: 'ambient', size: 'M' }],
      });
      await service.cancel(`order-${n}`, 'test');
    };
    await order(1);
    await until('the first order at the bridge', async () => (await stored()).length === 3);

    // The broker restarts without persistence; the station is back first and drains its outbox
    // while the marketplace's session does not exist: the broker acknowledges and drops.
    broker.away.add(BRIDGE.username);
    const before = link?.currentSession?.session ?? 0;
    await broker.restartEmpty();
    await until(
      'the station back',
      () => link?.state === 'online' && (link.currentSession?.session ?? 0) > before,
    );
    await order(2);
    await order(3);
    await until('the station’s outbox drained', () => outbox.size().events === 0);
    const received = t.bridge.ingestStats().received;
    broker.away.delete(BRIDGE.username);
    // back with a new session, it reads the retained status and state again
    await until('the bridge back', () => t.bridge.ingestStats().received >= received + 2, 15_000);

    await order(4); // seq jumps from 3 to 10 at the bridge
    const lastSeq = outbox.lastSeq();
    await until('every event at the bridge', async () => (await stored()).length === lastSeq, 15_000);
    expect((await stored()).sort((a, b) => a - b)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    await until('every event at the webhooks', () => receiver.events.length === lastSeq, 15_000);
    const sent = outbox.delivered
      .range(1, lastSeq, 100)
      .map((e) => EventMessage.parse(JSON.parse(e.payload)));
    expect(new Set(receiver.events.map((e) => e.id))).toEqual(new Set(sent.map((e) => e.id)));
    expect(receiver.duplicates).toBe(0);
    expect(t.bridge.ingestStats().gaps).toBe(1);

    async function stored(): Promise<number[]> {
      return (await t.bridge.store.stationEvents(STATION, { limit: 100 })).map((e) => e.seq);
    }
  });
});
