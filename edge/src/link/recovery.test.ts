import net from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinkStateChange, MqttLink } from './mqtt-link.js';
import { testLink, untilState } from './testing/link-fixture.js';
import { StationStore } from './testing/station-store.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';

const STATION = 'hofladen-9';
/** the promise of issue 15: online within 3 s of the broker's return */
const RECOVERY_MS = 3_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the link when the broker comes back', () => {
  let broker: TestBroker;
  let store: StationStore;
  let link: MqttLink;
  let changes: LinkStateChange[];

  beforeEach(async () => {
    broker = await TestBroker.start();
    store = new StationStore(STATION);
    // the shipped retry policy, not the fixture's short test timings
    link = testLink(broker.url, store, { broker: { backoff: {} } });
    changes = [];
    link.onStateChange((c) => changes.push(c));
    link.start();
    await untilState(link, 'online');
  });

  afterEach(async () => {
    await link.stop();
    await broker.close();
    store.close();
  });

  async function msUntilOnline(): Promise<number> {
    const from = performance.now();
    await untilState(link, 'online', 30_000);
    return performance.now() - from;
  }

  it('is online within 3 s of a broker that was away for 20 s, and makes no MQTT attempt while it is away', async () => {
    await broker.stopNetwork();
    await untilState(link, 'backing-off');
    await sleep(1_500);
    const attemptsBefore = changes.filter((c) => c.state === 'connecting').length;
    await sleep(18_500);
    // a TCP probe found nobody: no CONNECT, no durable session number spent on a dead broker
    expect(changes.filter((c) => c.state === 'connecting').length).toBe(attemptsBefore);

    await broker.startNetwork();
    expect(await msUntilOnline()).toBeLessThan(RECOVERY_MS);
  }, 45_000);

  it('is online within 3 s of a flapping broker’s return, however often it flapped', async () => {
    for (let flap = 0; flap < 5; flap++) {
      await broker.stopNetwork();
      await untilState(link, 'backing-off');
      await sleep(2_500);
      await broker.startNetwork();
      await untilState(link, 'online', 30_000);
      // up only briefly: the old backoff counted every short connection as a failure
      await sleep(300);
    }
    await broker.stopNetwork();
    await untilState(link, 'backing-off');
    await sleep(8_000);

    await broker.startNetwork();
    expect(await msUntilOnline()).toBeLessThan(RECOVERY_MS);
  }, 90_000);
});

describe('the link when the broker refuses the station', () => {
  it('backs off towards a minute instead of knocking every few seconds', async () => {
    // a real broker that refuses every login, as one with a rotated password would
    const aedes = await Aedes.createBroker({
      authenticate: (_client, _user, _password, done) =>
        done(Object.assign(new Error('not authorised'), { returnCode: 5 }) as AuthenticateError, false),
    });
    const server = net.createServer((socket) => aedes.handle(socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const store = new StationStore(STATION);
    const link = testLink(`mqtt://127.0.0.1:${port}`, store, { broker: { backoff: {} } });
    const delays: number[] = [];
    link.onStateChange((c) => {
      if (c.state === 'backing-off' && c.retryInMs !== undefined) delays.push(c.retryInMs);
    });
    try {
      link.start();
      await until('three refusals', () => delays.length >= 3, 20_000);
      // 1–2 s, 2–4 s, 4–8 s: past the 4 s cap of a merely failed attempt
      expect(delays[0]).toBeGreaterThanOrEqual(1_000);
      expect(delays[2]).toBeGreaterThanOrEqual(4_000);
    } finally {
      await link.stop();
      store.close();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => aedes.close(() => r()));
    }
  }, 30_000);
});
