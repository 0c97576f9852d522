import fs from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_PAYLOAD_BYTES, stationTopics } from '@regiobox/contract';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StationCredentials, StationRegistry } from '../registry/index.js';
import {
  closedWithin,
  connectProbe,
  type Probe,
  subscribeGranted,
  until,
} from '../test-support/acl-probe.js';
import { type EmbeddedBroker, ephemeralServiceCredentials, startEmbeddedBroker } from './embedded-broker.js';

const A = stationTopics('station-a');
const B = stationTopics('station-b');
const service = ephemeralServiceCredentials();
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

let dir: string;
let db: Database.Database;
let registry: StationRegistry;
let a: StationCredentials;
let b: StationCredentials;
let broker: EmbeddedBroker | undefined;
const probes: Probe[] = [];
const sockets: Socket[] = [];

const start = async (options: Partial<Parameters<typeof startEmbeddedBroker>[0]> = {}) => {
  broker = await startEmbeddedBroker({
    registry,
    serviceCredentials: service,
    logger: pino({ level: 'silent' }),
    ...options,
  });
  return broker;
};

const connect = async (...args: Parameters<typeof connectProbe>) => {
  const probe = await connectProbe(...args);
  probes.push(probe);
  return probe;
};

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-broker-limits-'));
  db = new Database(path.join(dir, 'bridge.db'));
  registry = new StationRegistry(db);
  a = await registry.addStation('station-a');
  b = await registry.addStation('station-b');
});

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.end()));
  for (const s of sockets.splice(0)) s.destroy();
  await broker?.close();
  broker = undefined;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Minimal MQTT 3.1.1 encoding, so a test client can misbehave in ways MQTT.js never would.
const remainingLength = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
};
const str = (s: string) => {
  const b = Buffer.from(s);
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};
const packet = (header: number, body: Buffer) =>
  Buffer.concat([Buffer.from([header, ...remainingLength(body.length)]), body]);
const connectPacket = (clientId: string, username: string, password: string) =>
  packet(
    0x10,
    Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2, 0, 60]), str(clientId), str(username), str(password)]),
  );
const subscribePacket = (topic: string) =>
  packet(0x82, Buffer.concat([Buffer.from([0, 1]), str(topic), Buffer.from([0])]));

describe('limits of the embedded broker', () => {
  it("accepts the contract's largest payload and drops a client that sends a larger packet", async () => {
    const { url } = await start();
    const bridge = await connect(url, service, { clientId: service.username });
    await subscribeGranted(bridge, 'regiobox/v1/stations/+/telemetry');
    const stationA = await connect(url, a);
    const stationB = await connect(url, b);

    await stationB.client.publishAsync(B.telemetry, Buffer.alloc(MAX_PAYLOAD_BYTES, 0x61), { qos: 1 });
    stationA.client.publish(A.telemetry, Buffer.alloc(MAX_PAYLOAD_BYTES + 4096, 0x62), { qos: 1 });
    await closedWithin(stationA);
    await stationB.client.publishAsync(B.telemetry, 'after', { qos: 1 });

    await until('both of B’s messages', () => bridge.received.length === 2);
    expect(bridge.received.map((m) => [m.topic, m.payload.length])).toEqual([
      [B.telemetry, MAX_PAYLOAD_BYTES],
      [B.telemetry, 5],
    ]);
  });

  it('disconnects a subscriber that stops reading, so the others keep receiving', async () => {
    const { port, url } = await start({ limits: { drainTimeoutMs: 2_000, concurrency: 2 } });
    // A bridge instance that logs in, subscribes, and then never reads its socket again.
    const stuck = connectTcp({ port, host: '127.0.0.1' });
    sockets.push(stuck);
    let stuckClosed = false;
    stuck.on('close', () => (stuckClosed = true));
    stuck.on('error', () => undefined);
    stuck.write(connectPacket(`${service.username}-stuck`, service.username, service.password));
    stuck.write(subscribePacket('regiobox/v1/stations/+/telemetry'));
    await until('the stuck client connected', () => broker?.clients() === 1);
    stuck.pause();

    const bridge = await connect(url, service, { clientId: `${service.username}-ok` });
    await subscribeGranted(bridge, 'regiobox/v1/stations/+/telemetry');
    const stationA = await connect(url, a);
    const total = 300;
    const body = Buffer.alloc(60 * 1024, 0x74);
    for (let i = 0; i < total; i++) await stationA.client.publishAsync(A.telemetry, body, { qos: 1 });

    await until(
      `${total} messages at the healthy subscriber`,
      () => bridge.received.length === total,
      20_000,
    );
    await until('the stuck client dropped', () => stuckClosed || broker?.clients() === 2);
  });

  it('closes a connection that never sends CONNECT', async () => {
    const { port } = await start({ limits: { connectTimeoutMs: 500 } });
    const silent = connectTcp({ port, host: '127.0.0.1' });
    sockets.push(silent);
    silent.on('error', () => undefined);

    await new Promise<void>((resolve) => silent.once('close', () => resolve()));
  });

  it('closes cleanly while a connection has sent only part of its CONNECT', async () => {
    const started = await start();
    const lingering = connectTcp({ port: started.port, host: '127.0.0.1' });
    sockets.push(lingering);
    lingering.on('error', () => undefined);
    const lingeringClosed = new Promise<void>((resolve) => lingering.once('close', () => resolve()));
    await new Promise<void>((resolve) => lingering.once('connect', () => resolve()));
    lingering.write(Buffer.from([0x10]));

    await started.close();
    await lingeringClosed;
  });

  it('serves MQTT over TLS when given a key and certificate', async () => {
    const { url } = await start({
      tls: {
        keyFile: path.join(fixtures, 'test-broker.key'),
        certFile: path.join(fixtures, 'test-broker.crt'),
      },
    });
    expect(url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const ca = fs.readFileSync(path.join(fixtures, 'test-broker.crt'));
    const stationA = await connectProbeTls(url, a, ca);
    probes.push(stationA);
    expect(await subscribeGranted(stationA, A.commands)).toEqual([1]);
    expect(await subscribeGranted(stationA, B.commands)).toEqual([128]);
  });
});

const connectProbeTls = async (url: string, login: StationCredentials, ca: Buffer): Promise<Probe> => {
  const { default: mqtt } = await import('mqtt');
  const client = await mqtt.connectAsync(url, {
    username: login.username,
    password: login.password,
    clientId: login.username,
    protocolVersion: 4,
    reconnectPeriod: 0,
    ca,
    rejectUnauthorized: true,
  });
  return {
    client,
    received: [],
    closed: new Promise((r) => client.once('close', () => r())),
    end: () => client.endAsync(true),
  };
};
