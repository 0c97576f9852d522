import { StateMessage, StatusMessage, stationTopics } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import type { MqttLink } from './mqtt-link.js';
import { commandFor } from './testing/commands.js';
import { type HandledCommand, testLink, untilState } from './testing/link-fixture.js';
import { readRetained, TestMarketplace } from './testing/marketplace.js';
import { StationStore } from './testing/station-store.js';
import { TcpProxy } from './testing/tcp-proxy.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';

const STATION = 'bushaltestelle-2';
const topics = stationTopics(STATION);

describe('the link when the network or the broker fails', () => {
  let broker: TestBroker;
  let proxy: TcpProxy;
  let store: StationStore;
  let market: TestMarketplace;
  let link: MqttLink;
  let clock: ManualClock;
  let handled: HandledCommand[];

  beforeEach(async () => {
    broker = await TestBroker.start();
    proxy = await TcpProxy.start(broker.port);
    store = new StationStore(STATION);
    market = await TestMarketplace.connect(broker.url, STATION);
    clock = new ManualClock(new Date());
    handled = [];
    link = testLink(proxy.url, store, {
      clock,
      broker: { keepaliveSeconds: 1 },
      commands: {
        handler: async (command, ctx) => {
          handled.push({ command, ...ctx });
          return { done: command.type };
        },
      },
    });
    link.start();
    await untilState(link, 'online');
  });

  afterEach(async () => {
    await link.stop();
    await market.close();
    await proxy.close();
    await broker.close();
    store.close();
  });

  it('notices a silent partition within the keepalive bound, and each outage leaves its own will', async () => {
    const first = link.currentSession;
    proxy.partition();
    const cutAt = Date.now();
    await untilState(link, 'backing-off');
    // keepalive 1 s: MQTT.js pings after 1 s and gives up 0.5 s later; TCP alone would wait minutes.
    expect(Date.now() - cutAt).toBeLessThan(4_000);

    proxy.heal();
    await untilState(link, 'online');
    const second = link.currentSession;
    expect(second?.session).toBeGreaterThan(first?.session ?? Number.POSITIVE_INFINITY);
    const firstWill = await until('will of the first session', () =>
      market.statuses.find((s) => s.state === 'offline' && s.sessionId === first?.sessionId),
    );
    expect(firstWill.session).toBe(first?.session);

    proxy.partition();
    await untilState(link, 'backing-off');
    const secondWill = await until('will of the second session', () =>
      market.statuses.find((s) => s.state === 'offline' && s.sessionId === second?.sessionId),
    );
    expect(secondWill.session).toBe(second?.session);
    expect(secondWill.sessionId).not.toBe(firstWill.sessionId);
  });

  it('refuses commands that expired while queued at the broker during a partition, and runs the fresh ones', async () => {
    proxy.partition();
    const stale = commandFor(
      STATION,
      clock,
      { type: 'unblock', compartment: 1, by: 'op-1' },
      {
        expiresAt: new Date(clock.now().getTime() + 5_000).toISOString(),
      },
    );
    const fresh = commandFor(
      STATION,
      clock,
      { type: 'unblock', compartment: 2, by: 'op-1' },
      {
        expiresAt: new Date(clock.now().getTime() + 600_000).toISOString(),
      },
    );
    await market.send(stale);
    await market.send(fresh);
    await untilState(link, 'backing-off');
    clock.advance(60_000); // the partition lasted a minute

    proxy.heal();
    expect(await market.reply(stale.id)).toMatchObject({ ok: false, error: { code: 'EXPIRED' } });
    expect(await market.reply(fresh.id)).toMatchObject({ ok: true });
    expect(handled.map((h) => h.commandId)).toEqual([fresh.id]);
  });

  it('republishes status and state and resubscribes after a broker restart without persistence', async () => {
    store.outbox.appendEvent({ type: 'order.cancelled', orderId: 'o-1', reason: 'test' }, clock.now());
    await until('event delivered', () => market.events.length === 1);
    const before = link.currentSession?.session ?? 0;

    await broker.restartEmpty(); // retained messages, sessions and subscriptions are gone
    await until(
      'online on the new broker',
      () => (link.currentSession?.session ?? 0) > before && link.state === 'online',
    );

    const status = StatusMessage.parse(JSON.parse(await readRetained(broker.url, topics.status)));
    expect(status).toMatchObject({ state: 'online', session: link.currentSession?.session, lastSeq: 1 });
    const state = StateMessage.parse(JSON.parse(await readRetained(broker.url, topics.state)));
    expect(state.lastSeq).toBe(1);

    // The marketplace has resubscribed once it holds the new birth (retained, sent on subscribe).
    await until('marketplace resubscribed', () =>
      market.statuses.some((s) => s.state === 'online' && s.session === link.currentSession?.session),
    );
    const unblock = commandFor(STATION, clock, { type: 'unblock', compartment: 3, by: 'op-2' });
    await market.send(unblock);
    expect(await market.reply(unblock.id)).toMatchObject({ ok: true, result: { done: 'unblock' } });
  });
});
