import { randomBytes, scrypt } from 'node:crypto';
import type { Socket } from 'node:net';
import { stationTopics } from '@regiobox/contract';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationRegistry } from '../registry/index.js';
import { connectProbe, type Probe, subscribeGranted } from '../test-support/acl-probe.js';
import { connectPacket, rawConnect, subscribePacket } from '../test-support/raw-mqtt.js';
import { tempDatabase } from '../test-support/temp-db.js';
import { until } from '../test-support/until.js';
import { type EmbeddedBroker, ephemeralServiceCredentials, startEmbeddedBroker } from './embedded-broker.js';
import { DEFAULT_BROKER_LIMITS } from './limits.js';

// 4,000 wills were enough to crash the broker before the guard; REGIOBOX_WILL_BURST=10000 runs the
// size of the issue (the process needs two file descriptors per station).
const FLEET = Number(process.env.REGIOBOX_WILL_BURST ?? 5000);
const FLOODERS = 6;
const PASSWORD = 'will-burst-test-password';
const service = ephemeralServiceCredentials();
const stationId = (i: number) => `burst-${String(i).padStart(5, '0')}`;

/**
 * The registry's own hash format at its lowest cost: thousands of logins at the production cost would
 * make this a test of scrypt (see docs/performance.md, "Logins cost scrypt").
 */
const cheapHash = (password: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const salt = randomBytes(16);
    scrypt(password, salt, 32, { N: 16, r: 8, p: 1 }, (err, key) =>
      err
        ? reject(err)
        : resolve(`$scrypt$ln=4,r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`),
    );
  });

let temp: ReturnType<typeof tempDatabase>;
let broker: EmbeddedBroker | undefined;
const sockets: Socket[] = [];
const probes: Probe[] = [];

beforeEach(async () => {
  temp = tempDatabase();
  const registry = new StationRegistry(temp.db);
  const hash = await cheapHash(PASSWORD);
  const insert = temp.db.prepare(
    `INSERT INTO registry_stations (station_id, password_hash, mosquitto_hash, command_key, created_at, rotated_at)
     VALUES (?, ?, 'not used by the embedded broker', ?, ?, ?)`,
  );
  const at = new Date().toISOString();
  temp.db.transaction(() => {
    for (let i = 0; i < FLEET + FLOODERS; i++)
      insert.run(stationId(i), hash, `plain:${randomBytes(32).toString('hex')}`, at, at);
  })();
  broker = await startEmbeddedBroker({
    registry,
    serviceCredentials: service,
    logger: pino({ level: 'silent' }),
    // the stuck reader must hold its slots until every will has queued behind it
    limits: { drainTimeoutMs: 10_000 },
  });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(probes.splice(0).map((p) => p.end()));
  await broker?.close();
  broker = undefined;
  temp.dispose();
});

describe('the embedded broker under a burst of last wills', () => {
  it(`survives ${FLEET} stations vanishing at once while a reader is stuck, and the bridge receives every will`, async () => {
    if (!broker) throw new Error('no broker');
    const { port, url } = broker;
    // A bridge instance that subscribes to telemetry and then stops reading its socket.
    const stuck = await rawConnect(
      port,
      connectPacket(`${service.username}-stuck`, service.username, service.password),
    );
    sockets.push(stuck);
    stuck.write(subscribePacket('regiobox/v1/stations/+/telemetry'));
    await until('the stuck reader subscribed', () => stuck.bytesRead >= 9);
    stuck.pause();

    for (let i = 0; i < FLEET; i += 200) {
      const batch = Array.from({ length: Math.min(200, FLEET - i) }, (_, k) => {
        const id = stationId(i + k);
        const will = { topic: stationTopics(id).status, payload: `{"will":"${id}"}`, retain: true };
        return rawConnect(port, connectPacket(id, id, PASSWORD, will));
      });
      sockets.push(...(await Promise.all(batch)));
    }
    // Telemetry the stuck reader never takes, until every delivery slot waits for its socket.
    const body = Buffer.alloc(60 * 1024, 0x74);
    const flooders: Probe[] = [];
    for (let f = 0; f < FLOODERS; f++) {
      const flooder = await connectProbe(url, { username: stationId(FLEET + f), password: PASSWORD });
      probes.push(flooder);
      flooders.push(flooder);
    }
    await until(
      'every delivery slot taken',
      () => {
        if (!broker || broker.deliveryBacklog().inFlight >= DEFAULT_BROKER_LIMITS.concurrency) return true;
        for (const f of flooders) {
          const topic = stationTopics(f.client.options.username ?? '').telemetry;
          for (let m = 0; m < 10; m++) f.client.publish(topic, body, { qos: 0 });
        }
        return false;
      },
      30_000,
    );

    // A network outage at the bridge's host: every station socket dies without DISCONNECT.
    for (const s of sockets.splice(1)) s.destroy();
    await until(
      'the notices and wills queued',
      () => (broker?.deliveryBacklog().queued ?? 0) >= FLEET,
      30_000,
    );

    // The stuck reader is dropped after drainTimeoutMs, its slots free, and the queue runs.
    await until('the queue run', () => broker?.deliveryBacklog().queued === 0, 60_000);
    expect(broker.clients()).toBe(FLOODERS);

    // The bridge (re)subscribes and finds every station's will as its retained status.
    const bridge = await connectProbe(url, service, { clientId: `${service.username}-live` });
    probes.push(bridge);
    expect(await subscribeGranted(bridge, 'regiobox/v1/stations/+/status')).toEqual([1]);
    await until(`${FLEET} wills at the bridge`, () => bridge.received.length === FLEET, 30_000);
    expect(
      bridge.received.every((m) => m.retain && m.payload === `{"will":"${m.topic.split('/')[3]}"}`),
    ).toBe(true);
  }, 180_000);
});
