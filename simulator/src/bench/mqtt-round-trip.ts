import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { BenchArgs } from './support/args.js';
import { startAedes } from './support/brokers.js';
import { BENCH_STATION, startLinkedStation } from './support/linked-station.js';
import { isMain, runAsProgram } from './support/main.js';
import { type BenchResult, type Budget, emit, keeps, round, summarise, verdict } from './support/report.js';

/**
 * A QoS 1 exchange held up by Nagle's algorithm waits for the peer's delayed ACK, about 40 ms on
 * Linux. Figures well below that show that `noDelay` is on along the path.
 */
const PRODUCT_BUDGET: Budget = { metric: 'p50Ms', max: 15 };
const TRANSPORT_BUDGET: Budget = { metric: 'p50Ms', max: 5 };

/**
 * MQTT on loopback, two ways. First the product: a station linked to a real bridge (embedded broker,
 * ingest into SQLite). A state change at the station (block/unblock a compartment) is timed from
 * the commit of its outbox event until the bridge has stored the event (and, for reference, from
 * before the station's durable commit); and a command from the bridge's command centre until its
 * reply is back. Then the bare transport, to show what `noDelay` is worth: a QoS 1
 * ping-pong between two MQTT.js clients through aedes, with Nagle's algorithm off and on.
 */
export const mqttRoundTrip = async (args: BenchArgs): Promise<BenchResult[]> => {
  const n = Math.round(args.count ?? (args.quick ? 60 : args.long ? 2000 : 400));
  const product = await productPath(n);
  const fast = await transport(n, true);
  const slow = await transport(Math.min(n, args.quick ? 30 : 150), false);
  const comparison = `Nagle on: p50 ${slow.p50Ms} ms, p99 ${slow.p99Ms} ms, ${round(Number(slow.p50Ms) / Math.max(0.001, Number(fast.p50Ms)), 0)}× slower`;
  emit(
    [
      `mqtt-round-trip transport (aedes, two MQTT.js clients, QoS 1 ping-pong, ${fast.n} round trips): noDelay p50 ${fast.p50Ms} ms, p99 ${fast.p99Ms} ms`,
      `  ${comparison}; budget p50 with noDelay ≤ ${TRANSPORT_BUDGET.max} ms: ${verdict(fast.pass)}`,
    ],
    fast,
  );
  emit(`mqtt-round-trip transport with Nagle's algorithm on (comparison, no budget)`, slow);
  return [product, fast, slow];
};

const productPath = async (n: number): Promise<BenchResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-bench-rtt-'));
  const linked = await startLinkedStation(dir);
  try {
    const { bridge, station } = linked;
    const stored = new Map<string, number>();
    let waiting: { type: string; resolve: (at: number) => void } | undefined;
    bridge.changes.subscribe((change) => {
      if (change.kind !== 'event' || change.stationId !== BENCH_STATION) return;
      if (waiting && waiting.type === change.type) {
        const w = waiting;
        waiting = undefined;
        w.resolve(performance.now());
      }
      stored.set(change.eventId, performance.now());
    });
    const storedEvent = (type: string) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${type} event at the bridge within 10 s`)),
          10_000,
        );
        waiting = {
          type,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });

    // the outbox wakes its listeners right after the appending transaction committed
    let committedAt: number | undefined;
    station.outbox.onAppend(() => {
      committedAt ??= performance.now();
    });
    const events: number[] = [];
    const fromCommit: number[] = [];
    for (let i = 0; i < n; i++) {
      const no = (i % 48) + 1;
      const block = i % 96 < 48;
      const arrived = storedEvent(block ? 'compartment.blocked' : 'compartment.unblocked');
      committedAt = undefined;
      const t0 = performance.now();
      if (block) await station.service.block(no, 'bench', 'bench');
      else await station.service.unblock(no, 'bench');
      const at = await arrived;
      events.push(at - t0);
      if (committedAt !== undefined) fromCommit.push(at - committedAt);
    }
    // leave every compartment unblocked before the commands block and unblock them again
    for (let no = 1; no <= 48; no++) await station.service.unblock(no, 'bench').catch(() => undefined);

    const commands: number[] = [];
    let failed = 0;
    for (let i = 0; i < n; i++) {
      const no = (i % 48) + 1;
      const body =
        i % 96 < 48
          ? ({ type: 'block', compartment: no, reason: 'bench', by: 'bench' } as const)
          : ({ type: 'unblock', compartment: no, by: 'bench' } as const);
      const t0 = performance.now();
      const { reply } = await bridge.commands.issueAndWait(BENCH_STATION, body, 60_000, 10_000);
      const t1 = performance.now();
      if (reply?.ok) commands.push(t1 - t0);
      else failed++;
    }
    const e = summarise(fromCommit);
    const withCommit = summarise(events);
    const c = summarise(commands);
    const result: BenchResult = {
      bench: 'mqtt-round-trip',
      path: 'station outbox committed → embedded broker → bridge stored',
      n: e.n,
      p50Ms: round(e.p50, 3),
      p99Ms: round(e.p99, 3),
      maxMs: round(e.max, 3),
      withCommitP50Ms: round(withCommit.p50, 3),
      withCommitP99Ms: round(withCommit.p99, 3),
      commandN: c.n,
      commandFailures: failed,
      commandP50Ms: round(c.p50, 3),
      commandP99Ms: round(c.p99, 3),
      budget: PRODUCT_BUDGET,
      pass: failed === 0 && keeps(PRODUCT_BUDGET, e.p50),
    };
    emit(
      [
        `mqtt-round-trip product path (${e.n} state changes, ${c.n} commands):`,
        `  event committed at the station → stored at the bridge:  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  max ${result.maxMs} ms`,
        `  the same including the station's durable commit:       p50 ${result.withCommitP50Ms} ms  p99 ${result.withCommitP99Ms} ms`,
        `  bridge command → station executes → reply at the bridge: p50 ${result.commandP50Ms} ms  p99 ${result.commandP99Ms} ms (${failed} failed)`,
        `  budget p50 ≤ ${PRODUCT_BUDGET.max} ms (a Nagle stall alone is ~40 ms): ${verdict(result.pass)}`,
      ],
      result,
    );
    return result;
  } finally {
    await linked.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const connect = async (url: string, clientId: string, noDelay: boolean): Promise<MqttClient> => {
  const client = await mqtt.connectAsync(url, {
    clientId,
    clean: true,
    reconnectPeriod: 0,
    protocolVersion: 4,
  });
  (client.stream as Partial<Socket>).setNoDelay?.(noDelay);
  return client;
};

const transport = async (n: number, noDelay: boolean): Promise<BenchResult> => {
  const broker = await startAedes({ noDelay });
  const ping = await connect(broker.url, 'bench-ping', noDelay);
  const pong = await connect(broker.url, 'bench-pong', noDelay);
  try {
    pong.on('message', (_t, payload) => {
      void pong.publishAsync('bench/pong', payload, { qos: 1 });
    });
    await pong.subscribeAsync('bench/ping', { qos: 1 });
    await ping.subscribeAsync('bench/pong', { qos: 1 });
    const samples: number[] = [];
    const warmup = 10;
    for (let i = 0; i < n + warmup; i++) {
      const back = new Promise<number>((resolve) => ping.once('message', () => resolve(performance.now())));
      const t0 = performance.now();
      await ping.publishAsync('bench/ping', JSON.stringify({ i, at: t0 }), { qos: 1 });
      const t1 = await back;
      if (i >= warmup) samples.push(t1 - t0);
    }
    const s = summarise(samples);
    return {
      bench: noDelay ? 'mqtt-round-trip-transport' : 'mqtt-round-trip-transport-nagle',
      noDelay,
      n: s.n,
      p50Ms: round(s.p50, 3),
      p99Ms: round(s.p99, 3),
      maxMs: round(s.max, 3),
      budget: noDelay ? TRANSPORT_BUDGET : null,
      pass: noDelay ? keeps(TRANSPORT_BUDGET, s.p50) : null,
    };
  } finally {
    await ping.endAsync(true);
    await pong.endAsync(true);
    await broker.close();
  }
};

if (isMain(import.meta.url)) runAsProgram(mqttRoundTrip);
