import type net from 'node:net';
import { StatusMessage, stationTopics } from '@regiobox/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import type { MqttLink } from './mqtt-link.js';
import { commandFor } from './testing/commands.js';
import { testLink, untilState } from './testing/link-fixture.js';
import { readRetained, TestMarketplace } from './testing/marketplace.js';
import { TestMosquitto } from './testing/mosquitto.js';
import { StationStore } from './testing/station-store.js';
import { until } from './testing/until.js';
import { connectSocket, type SocketFactory } from './transport.js';

const STATION = 'dorfplatz-9';
const topics = stationTopics(STATION);

describe.each([4, 5] as const)('the link against Mosquitto speaking MQTT %s', (protocolVersion) => {
  let mosquitto: TestMosquitto | undefined;
  let store: StationStore | undefined;
  let market: TestMarketplace | undefined;
  let link: MqttLink | undefined;

  afterEach(async () => {
    await link?.stop();
    await market?.close();
    await mosquitto?.close();
    store?.close();
    link = undefined;
    market = undefined;
    mosquitto = undefined;
    store = undefined;
  });

  it('delivers events, answers commands, leaves its will and comes back after a broker restart', async () => {
    mosquitto = await TestMosquitto.start();
    store = new StationStore(STATION);
    market = await TestMarketplace.connect(mosquitto.url, STATION);
    const clock = new ManualClock(new Date());
    const sockets: net.Socket[] = [];
    const observing: SocketFactory = (target) => {
      const socket = connectSocket(target);
      sockets.push(socket);
      return socket;
    };
    link = testLink(mosquitto.url, store, { clock, socketFactory: observing, broker: { protocolVersion } });
    for (let i = 0; i < 20; i++)
      store.outbox.appendEvent({ type: 'compartment.door', compartment: 1, open: i % 2 === 0 }, clock.now());
    link.start();
    await untilState(link, 'online');

    const block = commandFor(STATION, clock, {
      type: 'block',
      compartment: 1,
      reason: 'cleaning',
      by: 'op-1',
    });
    await market.send(block);
    expect(await market.reply(block.id)).toMatchObject({ ok: true, result: { done: 'block' } });
    await until('20 events', () => market?.uniqueEvents().length === 20);

    const first = link.currentSession;
    sockets.at(-1)?.destroy(); // the station's connection dies without DISCONNECT
    const will = await until('will', () => market?.statuses.find((s) => s.state === 'offline'));
    expect(will).toMatchObject({ session: first?.session, sessionId: first?.sessionId });
    await until(
      'back online',
      () => link?.state === 'online' && (link.currentSession?.session ?? 0) > (first?.session ?? 0),
    );

    const beforeRestart = link.currentSession?.session ?? 0;
    await mosquitto.restart(); // no persistence: retained status, state and subscriptions are gone
    await until(
      'online after the restart',
      () => link?.state === 'online' && (link.currentSession?.session ?? 0) > beforeRestart,
    );
    const url = mosquitto.url;
    const status = await until('retained birth', async () => {
      const s = StatusMessage.parse(JSON.parse(await readRetained(url, topics.status)));
      return s.session === link?.currentSession?.session ? s : undefined;
    });
    expect(status).toMatchObject({ state: 'online', lastSeq: 20 });
    expect(JSON.parse(await readRetained(url, topics.state))).toMatchObject({ lastSeq: 20 });
  });
});
