import type { Socket } from 'node:net';
import { stationTopics } from '@regiobox/contract';
import mqtt, { type MqttClient } from 'mqtt';
import { epochMs } from '../support/child.js';
import {
  fleetEvent,
  fleetState,
  fleetStationId,
  fleetStatus,
  fleetTelemetry,
} from '../support/fleet-messages.js';
import { fleetPassword } from '../support/fleet-registry.js';

/**
 * The simulated fleet of the bridge-ingest benchmark, in its own process: one MQTT connection per
 * station with the station's own login, a retained birth and state, telemetry every 30 s (random
 * phase) and door events at random (on average one per `eventEveryS`). It tells the parent when each
 * message was handed to the socket: [station index, 0 = telemetry | 1 = event, key, epoch ms].
 */
export type FleetRequest =
  | {
      readonly type: 'grow';
      /** the first station index this process owns; it grows its stations from there */
      readonly first: number;
      /** one past the last station index it should run after this step */
      readonly to: number;
      /** the brokers; station i logs in at urls[floor(i / perBroker)] */
      readonly urls: readonly string[];
      readonly perBroker: number;
      /** each station's password is derived from it (see fleetPassword) */
      readonly passwordSecret: string;
      readonly telemetryEveryS: number;
      readonly eventEveryS: number;
    }
  | { readonly type: 'stop' };

export type Published = readonly [station: number, kind: 0 | 1, key: string, at: number];

export type FleetMessage =
  | {
      readonly type: 'grown';
      readonly connected: number;
      readonly failed: number;
      readonly firstError?: string;
    }
  | { readonly type: 'published'; readonly items: readonly Published[] }
  | { readonly type: 'lost'; readonly station: number }
  | { readonly type: 'stopped' };

interface SimStation {
  readonly index: number;
  readonly id: string;
  readonly client: MqttClient;
  telemetrySent: number;
  seq: number;
  telemetryTimer?: NodeJS.Timeout;
  eventTimer?: NodeJS.Timeout;
}

const send = (m: FleetMessage) => process.send?.(m);
const stations: SimStation[] = [];
let pending: Published[] = [];
const flush = setInterval(() => {
  if (pending.length === 0) return;
  send({ type: 'published', items: pending });
  pending = [];
}, 250);

const publish = (s: SimStation, topic: string, payload: string, item: Published | null) => {
  if (item) pending.push(item);
  s.client.publish(topic, payload, { qos: 1 });
};

const start = async (index: number, r: Extract<FleetRequest, { type: 'grow' }>): Promise<SimStation> => {
  const id = fleetStationId(index);
  const topics = stationTopics(id);
  const url = r.urls[Math.min(r.urls.length - 1, Math.floor(index / r.perBroker))] ?? '';
  const client = await mqtt.connectAsync(url, {
    clientId: id,
    username: id,
    password: fleetPassword(r.passwordSecret, id),
    clean: true,
    keepalive: 30,
    reconnectPeriod: 0,
    connectTimeout: 60_000,
    protocolVersion: 4,
    will: {
      topic: topics.status,
      payload: Buffer.from(JSON.stringify(fleetStatus(id, 'offline', 1))),
      qos: 1,
      retain: true,
    },
  });
  (client.stream as Partial<Socket>).setNoDelay?.(true);
  const s: SimStation = { index, id, client, telemetrySent: 0, seq: 0 };
  client.on('close', () => {
    if (!stopping) send({ type: 'lost', station: index });
  });
  client.on('error', () => undefined);
  publish(s, topics.state, JSON.stringify(fleetState(id, 0)), null);
  client.publish(topics.status, JSON.stringify(fleetStatus(id, 'online', 1)), { qos: 1, retain: true });
  const telemetry = () => {
    s.telemetrySent += 1;
    const m = fleetTelemetry(id, Math.random);
    publish(s, topics.telemetry, JSON.stringify(m), [index, 0, m.batchId, epochMs()]);
  };
  s.telemetryTimer = setTimeout(
    () => {
      telemetry();
      s.telemetryTimer = setInterval(telemetry, r.telemetryEveryS * 1000);
    },
    Math.random() * r.telemetryEveryS * 1000,
  );
  // exponential gaps: door events arrive as a Poisson process
  const gap = () => -Math.log(1 - Math.random()) * r.eventEveryS * 1000;
  const event = () => {
    s.seq += 1;
    const m = fleetEvent(id, s.seq);
    publish(s, topics.events, JSON.stringify(m), [index, 1, m.id, epochMs()]);
    s.eventTimer = setTimeout(event, gap());
  };
  s.eventTimer = setTimeout(event, gap());
  return s;
};

const grow = async (r: Extract<FleetRequest, { type: 'grow' }>) => {
  let failed = 0;
  let firstError: string | undefined;
  const CONCURRENT = 32;
  let next = r.first + stations.length;
  const worker = async () => {
    while (next < r.to) {
      const index = next++;
      try {
        stations.push(await start(index, r));
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT }, worker));
  send({ type: 'grown', connected: stations.length, failed, ...(firstError ? { firstError } : {}) });
};

let stopping = false;
const stop = async () => {
  stopping = true;
  clearInterval(flush);
  for (const s of stations) {
    clearTimeout(s.telemetryTimer);
    clearTimeout(s.eventTimer);
  }
  // A clean DISCONNECT, in batches: the broker then drops each will. Ten thousand sockets closed at
  // once without it make aedes publish ten thousand wills in one burst, which overflows the stack in
  // its message emitter (mqemitter) and takes the bridge process down: see docs/performance.md.
  for (let i = 0; i < stations.length; i += 250)
    await Promise.all(stations.slice(i, i + 250).map((s) => s.client.endAsync(false).catch(() => undefined)));
  send({ type: 'stopped' });
  process.exit(0);
};

process.on('message', (m: FleetRequest) => {
  if (m.type === 'grow') void grow(m);
  else if (m.type === 'stop') void stop();
});
process.once('SIGTERM', () => void stop());
