import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { type BenchBroker, startAedes, startMosquitto } from '../support/brokers.js';
import { epochMs } from '../support/child.js';

/**
 * The far side of the outbox-drain benchmark, in its own process: the broker on the given port (aedes
 * in this process, or Mosquitto as a child of it; a broker is a separate program in production too),
 * and a QoS 1 subscriber that counts the distinct event sequence numbers it receives and says when it
 * has them all. The subscriber connects right after the broker listens, before the station's link
 * (backing off for a second or more) can get in.
 */
export type DrainPeerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'received'; readonly count: number; readonly at: number }
  | { readonly type: 'count'; readonly count: number };

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    topic: { type: 'string' },
    expect: { type: 'string' },
    broker: { type: 'string', default: 'aedes' },
  },
});
const port = Number(values.port);
const expected = Number(values.expect);
const topic = values.topic ?? '';
const send = (m: DrainPeerMessage) => process.send?.(m);

const broker: BenchBroker | undefined =
  values.broker === 'mosquitto' ? await startMosquitto({ port }) : await startAedes({ port });
if (!broker) throw new Error('mosquitto is not installed');
const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
  clientId: 'bench-drain-subscriber',
  clean: true,
  reconnectPeriod: 1000,
  protocolVersion: 4,
});
(client.stream as Partial<Socket>).setNoDelay?.(true);
const seen = new Set<number>();
let announced = false;
client.on('message', (_topic, payload) => {
  const { seq } = JSON.parse(payload.toString('utf8')) as { seq: number };
  seen.add(seq);
  if (!announced && seen.size >= expected) {
    announced = true;
    send({ type: 'received', count: seen.size, at: epochMs() });
  }
});
await client.subscribeAsync(topic, { qos: 1 });
send({ type: 'ready' });

process.on('message', (m: { type?: string }) => {
  if (m.type === 'count') send({ type: 'count', count: seen.size });
});
process.once('SIGTERM', () => {
  void (async () => {
    await client.endAsync(true).catch(() => undefined);
    await broker.close();
    process.exit(0);
  })();
});
