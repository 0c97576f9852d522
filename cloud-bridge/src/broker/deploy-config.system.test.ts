import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stationClientId, stationTopics } from '@regiobox/contract';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServiceCredentials, type StationCredentials, StationRegistry } from '../registry/index.js';
import { until } from '../test-support/acl-probe.js';
import { type RunningMosquitto, startMosquitto } from '../test-support/mosquitto.js';
import { writeMosquittoFiles } from './mosquitto-files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const exampleConf = path.join(here, '../../deploy/mosquitto/mosquitto.conf');
const certFile = path.join(here, 'fixtures/test-broker.crt');
const keyFile = path.join(here, 'fixtures/test-broker.key');

let dir: string;
let db: Database.Database;
let mosquitto: RunningMosquitto;
let a: StationCredentials;
let b: StationCredentials;
let service: ServiceCredentials;
const clients: MqttClient[] = [];

/** The production example, unchanged except for paths, the port, and logging to the test. */
const testableConfig = (port: number): string => {
  const filesDir = path.join(dir, 'regiobox');
  return fs
    .readFileSync(exampleConf, 'utf8')
    .replace(/^listener 8883$/m, `listener ${port} 127.0.0.1`)
    .replaceAll('/etc/mosquitto/regiobox/', `${filesDir}/`)
    .replace('/etc/mosquitto/certs/broker.crt', certFile)
    .replace('/etc/mosquitto/certs/broker.key', keyFile)
    .replace('/var/lib/mosquitto/', `${path.join(dir, 'data')}/`)
    .replace('log_dest syslog', `log_dest stderr${process.getuid?.() === 0 ? '\nuser root' : ''}`);
};

const within = <T>(ms: number, promise: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms:\n${mosquitto.log()}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

const connect = async (
  login: { username: string; password: string },
  clientId: string,
  options: { clean?: boolean; protocolVersion?: 4 | 5 } = {},
) => {
  const client = await mqtt.connectAsync(mosquitto.url.replace('mqtt://', 'mqtts://'), {
    username: login.username,
    password: login.password,
    clientId,
    protocolVersion: 5,
    ...options,
    reconnectPeriod: 0,
    ca: fs.readFileSync(certFile),
  });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-deploy-conf-'));
  fs.mkdirSync(path.join(dir, 'data'));
  db = new Database(path.join(dir, 'bridge.db'));
  const registry = new StationRegistry(db);
  a = await registry.addStation('station-a');
  b = await registry.addStation('station-b');
  service = await registry.issueServiceUser('regiobox_bridge');
  writeMosquittoFiles(registry, path.join(dir, 'regiobox'));
  mosquitto = await startMosquitto({ config: testableConfig });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await mosquitto?.stop();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the production Mosquitto example configuration', () => {
  it('serves stations over TLS with the generated files, and refuses plain MQTT', async () => {
    const bridge = await connect(service, 'bridge');
    await bridge.subscribeAsync('regiobox/v1/stations/+/events', { qos: 1 });
    const received: string[] = [];
    bridge.on('message', (_t, p) => received.push(p.toString()));
    const stationA = await connect(a, 'station-a');

    await stationA.publishAsync(stationTopics('station-a').events, 'over-tls', { qos: 1 });
    await until('the event at the bridge', () => received.length === 1);
    expect(received).toEqual(['over-tls']);
    // Exactly the one TLS listener: no implicit plain listener on 1883.
    expect(mosquitto.log().match(/Opening ipv[46] listen socket on port \d+/g)).toEqual([
      `Opening ipv4 listen socket on port ${mosquitto.port}`,
    ]);
    await expect(
      mqtt.connectAsync(mosquitto.url, {
        ...a,
        clientId: 'station-a',
        reconnectPeriod: 0,
        connectTimeout: 2_000,
      }),
    ).rejects.toThrow();
  });

  it("does not let station A take over station B's session by using B's client id", async () => {
    const stationB = await connect(b, 'station-b');
    let bClosed = false;
    stationB.on('close', () => (bClosed = true));
    await connect(a, 'station-b');

    await within(5_000, stationB.publishAsync(stationTopics('station-b').events, 'still-here', { qos: 1 }));
    expect(bClosed).toBe(false);
    expect(mosquitto.log()).not.toContain('Client station-b already connected');
  });

  it('keeps the session of a station that connects as regiobox-<stationId>: commands queued while it was away arrive', async () => {
    const options = { clean: false, protocolVersion: 4 as const };
    const first = await connect(a, stationClientId('station-a'), options);
    await first.subscribeAsync(stationTopics('station-a').commands, { qos: 1 });
    await first.endAsync();
    const bridge = await connect(service, 'bridge');
    await bridge.publishAsync(stationTopics('station-a').commands, 'queued', { qos: 1 });

    const again = await connect(a, stationClientId('station-a'), options);
    const received: string[] = [];
    again.on('message', (_t, p) => received.push(p.toString()));
    await until('the queued command', () => received.length === 1);
    expect(received).toEqual(['queued']);
  });

  it('keeps retained status across a broker restart (persistence)', async () => {
    const stationA = await connect(a, 'station-a');
    await stationA.publishAsync(stationTopics('station-a').status, 'online', { qos: 1, retain: true });
    await stationA.endAsync();

    await mosquitto.restart();
    const bridge = await connect(service, 'bridge');
    const received: string[] = [];
    bridge.on('message', (_t, p) => received.push(p.toString()));
    await bridge.subscribeAsync('regiobox/v1/stations/+/status', { qos: 1 });
    await until('the retained status', () => received.length > 0);
    expect(received).toEqual(['online']);
  });
});
