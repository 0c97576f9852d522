import type net from 'node:net';
import { StatusMessage, stationTopics } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MqttLink } from './mqtt-link.js';
import { testLink } from './testing/link-fixture.js';
import { readRetained, TestMarketplace } from './testing/marketplace.js';
import { StationStore } from './testing/station-store.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';
import { connectSocket, type SocketFactory } from './transport.js';

const STATION = 'dorfladen-1';
const topics = stationTopics(STATION);

describe('the station link to the broker', () => {
  let broker: TestBroker;
  let store: StationStore;
  let market: TestMarketplace;
  let link: MqttLink | undefined;

  beforeEach(async () => {
    broker = await TestBroker.start();
    store = new StationStore(STATION);
    market = await TestMarketplace.connect(broker.url, STATION);
  });

  afterEach(async () => {
    await link?.stop();
    link = undefined;
    await market.close();
    await broker.close();
    store.close();
  });

  const retainedStatus = async () =>
    StatusMessage.parse(JSON.parse(await readRetained(broker.url, topics.status)));

  it('announces itself online with capabilities, health, lastSeq and a session', async () => {
    store.outbox.appendEvent({ type: 'order.picked_up', orderId: 'o-1' }, new Date());
    link = testLink(broker.url, store);
    link.start();
    const birth = await until('birth', () => market.statuses.find((s) => s.state === 'online'));
    expect(birth).toMatchObject({
      stationId: STATION,
      session: 1,
      lastSeq: 1,
      capabilities: { compartments: 2 },
    });
    expect(birth.health?.board).toBe('ok');
    expect(await retainedStatus()).toMatchObject({ state: 'online', session: 1, sessionId: birth.sessionId });
  });

  it('leaves a retained offline will with its own session when its connection dies, and comes back with a higher one', async () => {
    link = testLink(broker.url, store);
    link.start();
    const first = await until('first birth', () => market.statuses.find((s) => s.state === 'online'));

    broker.dropConnections(); // the broker sees the station's socket die without DISCONNECT

    const will = await until('will', () => market.statuses.find((s) => s.state === 'offline'));
    expect(will).toMatchObject({ session: first.session, sessionId: first.sessionId });
    const second = await until('second birth', () =>
      market.statuses.find((s) => s.state === 'online' && s.session > first.session),
    );
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(await retainedStatus()).toMatchObject({ state: 'online', session: second.session });
  });

  it('connects with the documented client id regiobox-<stationId> (MQTT.md, asyncapi.yaml)', async () => {
    const clientIds: string[] = [];
    broker.aedes.on('client', (client) => clientIds.push(client.id));
    link = testLink(broker.url, store);
    link.start();
    await until('online', () => link?.state === 'online');
    expect(clientIds).toEqual([`regiobox-${STATION}`]);
  });

  it('keeps counting sessions across a restart of the station process', async () => {
    link = testLink(broker.url, store);
    link.start();
    await until('online', () => link?.state === 'online');
    const before = link.currentSession?.session ?? 0;
    await link.stop();
    store.reopen();
    link = testLink(broker.url, store);
    link.start();
    await until('online again', () => link?.state === 'online');
    expect(link.currentSession?.session).toBeGreaterThan(before);
  });

  it('says offline with its session when stopped, and disconnects cleanly', async () => {
    link = testLink(broker.url, store);
    link.start();
    await until('online', () => link?.state === 'online');
    const session = link.currentSession?.session;
    await link.stop();
    expect(link.state).toBe('stopped');
    expect(await retainedStatus()).toMatchObject({ state: 'offline', session });
    await until('broker lost the station', () => broker.connectedClients() === 1); // only the marketplace
  });

  it('overwrites a stale will of an older session that the broker published after its birth', async () => {
    link = testLink(broker.url, store);
    link.start();
    await until('online', () => link?.state === 'online');
    const current = link.currentSession;
    if (!current) throw new Error('no session');
    await market.publishStatus({
      v: 1,
      stationId: STATION,
      state: 'offline',
      session: current.session - 1 + 0, // an older session than the current one
      sessionId: 'old-session',
      at: new Date().toISOString(),
    });
    await until('birth back on top', async () => {
      const retained = await retainedStatus();
      return retained.state === 'online' && retained.session === current.session;
    });
  });

  it('turns Nagle off on its socket', async () => {
    const sockets: net.Socket[] = [];
    const observing: SocketFactory = (target) => {
      const s = connectSocket(target);
      sockets.push(s);
      return s;
    };
    link = testLink(broker.url, store, { socketFactory: observing });
    link.start();
    await until('online', () => link?.state === 'online');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket');
    // Node keeps the flag it handed to setsockopt(TCP_NODELAY) under this internal symbol.
    const flag = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'kSetNoDelay');
    expect(flag).toBeDefined();
    expect((socket as unknown as Record<symbol, unknown>)[flag as symbol]).toBe(true);
  });
});
