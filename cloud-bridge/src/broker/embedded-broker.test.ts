import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stationClientId, stationTopics } from '@regiobox/contract';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StationCredentials, StationRegistry } from '../registry/index.js';
import {
  closedWithin,
  connectProbe,
  connectRefusal,
  type Probe,
  subscribeGranted,
  until,
} from '../test-support/acl-probe.js';
import { type EmbeddedBroker, ephemeralServiceCredentials, startEmbeddedBroker } from './embedded-broker.js';

const A = stationTopics('station-a');
const B = stationTopics('station-b');

let dir: string;
let db: Database.Database;
let registry: StationRegistry;
let broker: EmbeddedBroker;
let a: StationCredentials;
let b: StationCredentials;
const service = ephemeralServiceCredentials();
const logLines: string[] = [];
const probes: Probe[] = [];

const connect = async (...args: Parameters<typeof connectProbe>) => {
  const probe = await connectProbe(...args);
  probes.push(probe);
  return probe;
};

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-broker-'));
  db = new Database(path.join(dir, 'bridge.db'));
  registry = new StationRegistry(db);
  a = await registry.addStation('station-a');
  b = await registry.addStation('station-b');
  logLines.length = 0;
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
  broker = await startEmbeddedBroker({ registry, serviceCredentials: service, logger });
});

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.end()));
  await broker.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The bridge's view of every station's events; a marker from B proves anything earlier was seen. */
const bridgeWatchingEvents = async (): Promise<Probe> => {
  const bridge = await connect(broker.url, service, { clientId: `${service.username}-1` });
  expect(await subscribeGranted(bridge, 'regiobox/v1/stations/+/events')).toEqual([1]);
  return bridge;
};

describe('station credentials on the embedded broker', () => {
  it('let station A publish its own events to the bridge, on loopback by default', async () => {
    expect(broker.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    const bridge = await bridgeWatchingEvents();
    const stationA = await connect(broker.url, a);

    await stationA.client.publishAsync(A.events, '{"seq":1}', { qos: 1 });

    await until('the event at the bridge', () => bridge.received.length === 1);
    expect(bridge.received[0]).toMatchObject({ topic: A.events, payload: '{"seq":1}' });
    expect(broker.clients()).toBe(2);
  });

  it("do not let station A publish under station B's topics: the connection is dropped, nothing arrives", async () => {
    const bridge = await bridgeWatchingEvents();
    const stationA = await connect(broker.url, a);
    const stationB = await connect(broker.url, b);

    stationA.client.publish(B.events, 'forged', { qos: 1 });
    await closedWithin(stationA);
    await stationB.client.publishAsync(B.events, 'marker', { qos: 1 });

    await until('the marker', () => bridge.received.some((m) => m.payload === 'marker'));
    expect(bridge.received.map((m) => m.payload)).toEqual(['marker']);
    expect(logLines.join('')).toContain(`"topic":"${B.events}"`);
    expect(logLines.join('')).not.toContain(a.password);
  });

  it("do not let station A subscribe to station B's commands (SUBACK 128)", async () => {
    const stationA = await connect(broker.url, a);
    const stationB = await connect(broker.url, b);
    expect(await subscribeGranted(stationA, B.commands)).toEqual([128]);
    expect(await subscribeGranted(stationA, 'regiobox/v1/stations/+/commands')).toEqual([128]);
    expect(await subscribeGranted(stationA, 'regiobox/v1/stations/#')).toEqual([128]);
    expect(await subscribeGranted(stationA, A.commands)).toEqual([1]);
    expect(await subscribeGranted(stationB, B.commands)).toEqual([1]);

    const bridge = await connect(broker.url, service, { clientId: service.username });
    await bridge.client.publishAsync(B.commands, 'for-b', { qos: 1 });
    await bridge.client.publishAsync(A.commands, 'for-a', { qos: 1 });

    await until(
      'both commands delivered',
      () => stationA.received.length === 1 && stationB.received.length === 1,
    );
    expect(stationA.received.map((m) => m.payload)).toEqual(['for-a']);
    expect(stationB.received.map((m) => m.payload)).toEqual(['for-b']);
  });

  it('let a station read its own retained status, so that it can replace a late will with its birth, and no other', async () => {
    const stationA = await connect(broker.url, a);
    const stationB = await connect(broker.url, b);
    await stationA.client.publishAsync(A.status, 'late-will-of-a', { qos: 1, retain: true });
    await stationB.client.publishAsync(B.status, 'status-of-b', { qos: 1, retain: true });

    expect(await subscribeGranted(stationA, A.status)).toEqual([1]);
    expect(await subscribeGranted(stationA, B.status)).toEqual([128]);
    await until('its own retained status', () => stationA.received.length > 0);
    await stationA.client.publishAsync(A.status, 'birth-of-a', { qos: 1, retain: true });
    await until('its own birth back', () => stationA.received.length === 2);
    expect(stationA.received.map((m) => m.payload)).toEqual(['late-will-of-a', 'birth-of-a']);
  });

  it('do not let a station publish to its own command topic', async () => {
    const listener = await connect(broker.url, a, { clientId: 'station-a.listener' });
    expect(await subscribeGranted(listener, A.commands)).toEqual([1]);
    const stationA = await connect(broker.url, a);

    stationA.client.publish(A.commands, 'self-issued', { qos: 1 });
    await closedWithin(stationA);
    const bridge = await connect(broker.url, service, { clientId: service.username });
    await bridge.client.publishAsync(A.commands, 'from-bridge', { qos: 1 });

    await until('the bridge command', () => listener.received.length > 0);
    expect(listener.received.map((m) => m.payload)).toEqual(['from-bridge']);
  });

  it('let a station retain its status but not an event', async () => {
    const stationA = await connect(broker.url, a);
    await stationA.client.publishAsync(A.status, 'online', { qos: 1, retain: true });
    stationA.client.publish(A.events, 'sticky', { qos: 1, retain: true });
    await closedWithin(stationA);

    const bridge = await connect(broker.url, service, { clientId: service.username });
    await subscribeGranted(bridge, 'regiobox/v1/stations/+/status');
    await subscribeGranted(bridge, 'regiobox/v1/stations/+/events');
    await until('the retained status', () => bridge.received.length > 0);
    expect(bridge.received).toEqual([{ topic: A.status, payload: 'online', retain: true }]);
  });

  it('refuse a wrong password, an unknown station and a missing password with CONNACK 4', async () => {
    expect(await connectRefusal(broker.url, { username: 'station-a', password: b.password })).toBe(4);
    expect(await connectRefusal(broker.url, { username: 'station-z', password: a.password })).toBe(4);
    expect(await connectRefusal(broker.url, { username: 'station-a', password: '' })).toBe(4);
    expect(await connectRefusal(broker.url, { username: service.username, password: a.password })).toBe(4);
    expect(broker.clients()).toBe(0);
    expect(logLines.join('')).toContain('bad username or password');
  });

  it("refuse a client id that would take over another station's session (CONNACK 2)", async () => {
    await registry.addStation('station-a-2');

    expect(await connectRefusal(broker.url, a, { clientId: 'station-b' })).toBe(2);
    expect(await connectRefusal(broker.url, a, { clientId: 'station-a-2' })).toBe(2);
    expect(await connectRefusal(broker.url, a, { clientId: 'station-a-2.x' })).toBe(2);
    expect(await connectRefusal(broker.url, a, { clientId: 'station-a.edge' })).toBe(0);
    expect(await connectRefusal(broker.url, a, { clientId: 'regiobox-station-a-2' })).toBe(2);
    expect(await connectRefusal(broker.url, a, { clientId: 'regiobox-station-b' })).toBe(2);
  });

  it('accept a station under its documented client id regiobox-<stationId> (MQTT.md)', async () => {
    expect(await connectRefusal(broker.url, a, { clientId: stationClientId('station-a') })).toBe(0);
  });

  it('stop working for a station the moment its secret is rotated', async () => {
    const bridge = await bridgeWatchingEvents();
    const stationA = await connect(broker.url, a);
    await stationA.client.publishAsync(A.events, 'before', { qos: 1 });
    const fresh = await registry.rotateSecret('station-a');

    stationA.client.publish(A.events, 'after-rotation', { qos: 1 });
    await closedWithin(stationA);
    expect(await connectRefusal(broker.url, a)).toBe(4);
    const renewed = await connect(broker.url, fresh);
    await renewed.client.publishAsync(A.events, 'renewed', { qos: 1 });

    await until('the renewed event', () => bridge.received.length === 2);
    expect(bridge.received.map((m) => m.payload)).toEqual(['before', 'renewed']);
  });

  it('deliver no more commands to a connection whose secret was rotated', async () => {
    const stale = await connect(broker.url, a);
    expect(await subscribeGranted(stale, A.commands)).toEqual([1]);
    const fresh = await registry.rotateSecret('station-a');
    const renewed = await connect(broker.url, fresh, { clientId: 'station-a.renewed' });
    expect(await subscribeGranted(renewed, A.commands)).toEqual([1]);

    const bridge = await connect(broker.url, service, { clientId: service.username });
    await bridge.client.publishAsync(A.commands, 'first', { qos: 1 });
    await bridge.client.publishAsync(A.commands, 'second', { qos: 1 });

    await until('both commands on the renewed login', () => renewed.received.length === 2);
    expect(stale.received).toEqual([]);
  });

  it('stop working for a removed station', async () => {
    const stationA = await connect(broker.url, a);
    await registry.removeStation('station-a');

    expect(await subscribeGranted(stationA, A.commands)).toEqual([128]);
    stationA.client.publish(A.events, 'ghost', { qos: 1 });
    await closedWithin(stationA);
    expect(await connectRefusal(broker.url, a)).toBe(4);
  });
});

describe('the bridge service user on the embedded broker', () => {
  it("reads every station's reports and sends commands, but never reads commands nor sends reports", async () => {
    const bridge = await connect(broker.url, service, { clientId: service.username });
    for (const kind of ['status', 'state', 'telemetry', 'events', 'replies']) {
      expect(await subscribeGranted(bridge, `regiobox/v1/stations/+/${kind}`)).toEqual([1]);
    }
    expect(await subscribeGranted(bridge, 'regiobox/v1/stations/+/commands')).toEqual([128]);
    expect(await subscribeGranted(bridge, 'regiobox/v1/stations/#')).toEqual([128]);
    expect(await subscribeGranted(bridge, '#')).toEqual([128]);

    const stationB = await connect(broker.url, b);
    await stationB.client.publishAsync(B.replies, 'reply', { qos: 1 });
    await until('the reply', () => bridge.received.length === 1);

    bridge.client.publish(B.events, 'forged-event', { qos: 1 });
    await closedWithin(bridge);
  });

  it('never publishes a retained command', async () => {
    const stationB = await connect(broker.url, b);
    await subscribeGranted(stationB, B.commands);
    const bridge = await connect(broker.url, service, { clientId: service.username });

    bridge.client.publish(B.commands, 'retained', { qos: 1, retain: true });
    await closedWithin(bridge);
    const next = await connect(broker.url, service, { clientId: `${service.username}-2` });
    await next.client.publishAsync(B.commands, 'plain', { qos: 1 });

    await until('the plain command', () => stationB.received.length > 0);
    expect(stationB.received.map((m) => m.payload)).toEqual(['plain']);
  });
});
