import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stationTopics } from '@regiobox/contract';
import { parseConfig, type Station, startStation } from '@regiobox/edge';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import type { DrainPeerMessage } from './peers/drain-subscriber.js';
import type { BenchArgs } from './support/args.js';
import { freePort, MOSQUITTO } from './support/brokers.js';
import { epochMs, siblingScript, spawnBenchChild } from './support/child.js';
import { benchLogger } from './support/logger.js';
import { isMain, runAsProgram } from './support/main.js';
import { type BenchResult, type Budget, emit, keeps, round, verdict } from './support/report.js';
import { until } from './support/until.js';
import { WALL_COMPARTMENTS, WALL_PROBES, wallConfig } from './support/wall-config.js';

// issue 20: at least 10,000 events/s on aedes and on Mosquitto
const BUDGET: Budget = { metric: 'eventsPerSecond', min: 10_000 };
const PEER = siblingScript(import.meta.url, './peers/drain-subscriber');
const SERIAL = '/dev/serial/by-id/usb-regiobox_bench_board-if00';
const BATCH = 5000;

/**
 * A station that was offline while N events piled up in its outbox, and the broker comes back: how
 * fast the link delivers the backlog (QoS 1, in order, each entry deleted after its PUBACK), timed
 * from the link going online to an empty outbox. The broker (and a subscriber that checks every
 * sequence number arrives) run in other processes, as they would in production.
 */
export const outboxDrain = async (args: BenchArgs): Promise<BenchResult[]> => {
  const events = Math.round(args.count ?? (args.quick ? 10_000 : 100_000));
  const results = [await drainAgainst('aedes', events)];
  if (await hasMosquitto()) results.push(await drainAgainst('mosquitto', events));
  else {
    const skipped: BenchResult = {
      bench: 'outbox-drain-mosquitto',
      skipped: `${MOSQUITTO} not installed`,
      budget: BUDGET,
      pass: null,
    };
    emit(`outbox-drain against Mosquitto: skipped (${MOSQUITTO} not installed)`, skipped);
    results.push(skipped);
  }
  return results;
};

const hasMosquitto = async () => (await import('node:fs')).existsSync(MOSQUITTO);

const drainAgainst = async (brokerKind: 'aedes' | 'mosquitto', events: number): Promise<BenchResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-bench-drain-'));
  const port = await freePort();
  const board = new SimulatedBoard({
    lockChannels: WALL_COMPARTMENTS,
    probes: WALL_PROBES,
    initialCelsius: 4,
  });
  const binding = new SimulatedSerialBinding();
  binding.plug(SERIAL, board);
  let station: Station | undefined;
  let peer: ReturnType<typeof spawnBenchChild<DrainPeerMessage>> | undefined;
  try {
    const config = parseConfig(
      wallConfig({ dataDir: join(dir, 'data'), serialPath: SERIAL, brokerUrl: `mqtt://127.0.0.1:${port}` }),
    );
    station = await startStation(config, { logger: benchLogger(), binding, kiosk: false });
    const s = station;
    await until('the lock board to be reachable', () => s.hardware.health().reachable, 20_000);

    // The outage: nobody listens on the broker's port while the events pile up.
    const queueStart = performance.now();
    for (let done = 0; done < events; done += BATCH) {
      const n = Math.min(BATCH, events - done);
      s.db.transaction(() => {
        for (let i = done; i < done + n; i++)
          s.outbox.appendEvent(
            { type: 'compartment.door', compartment: (i % WALL_COMPARTMENTS) + 1, open: i % 2 === 0 },
            new Date(),
          );
      })();
    }
    const queueSeconds = (performance.now() - queueStart) / 1000;
    const backlog = s.outbox.size();
    const lastSeq = s.outbox.lastSeq();

    let onlineAt: number | undefined;
    let cpuAtOnline: NodeJS.CpuUsage | undefined;
    s.link?.onStateChange((change) => {
      if (change.state !== 'online' || onlineAt !== undefined) return;
      onlineAt = epochMs();
      cpuAtOnline = process.cpuUsage();
    });
    const topic = stationTopics(config.stationId).events;
    peer = spawnBenchChild<DrainPeerMessage>(PEER, [
      '--port',
      String(port),
      '--topic',
      topic,
      '--expect',
      String(lastSeq),
      '--broker',
      brokerKind,
    ]);
    const p = peer;
    await p.next(
      (m): m is DrainPeerMessage & { type: 'ready' } => m.type === 'ready',
      30_000,
      'the subscriber',
    );
    // the link probes the broker and reconnects within about a second; the wait for it is not counted
    const online = await until('the station link to come online', () => onlineAt, 120_000, 10);
    const emptyAt = await until(
      'the outbox to be empty',
      () => (s.outbox.peek(1).length === 0 ? epochMs() : undefined),
      600_000,
      10,
    );
    const cpu = process.cpuUsage(cpuAtOnline);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const received = await p
      .next(
        (m): m is DrainPeerMessage & { type: 'received' } => m.type === 'received',
        30_000,
        'every event at the subscriber',
      )
      .catch(async () => {
        p.send({ type: 'count' });
        const count = await p.next(
          (m): m is DrainPeerMessage & { type: 'count' } => m.type === 'count',
          10_000,
          'the count',
        );
        return { count: count.count };
      });
    const seconds = (emptyAt - online) / 1000;
    const delivered = backlog.events + backlog.telemetry;
    const rate = delivered / seconds;
    const result: BenchResult = {
      bench: `outbox-drain-${brokerKind}`,
      broker: brokerKind,
      events: backlog.events,
      telemetryBatches: backlog.telemetry,
      queueSeconds: round(queueSeconds),
      drainSeconds: round(seconds),
      eventsPerSecond: Math.round(rate),
      stationCpuSeconds: round(cpuSeconds),
      eventsPerStationCpuSecond: Math.round(delivered / cpuSeconds),
      expectedSeqs: lastSeq,
      subscriberReceived: received.count,
      window: 16,
      budget: BUDGET,
      pass: received.count >= lastSeq && keeps(BUDGET, rate),
    };
    emit(
      [
        `outbox-drain against ${brokerKind}: ${delivered} queued messages (${backlog.events} events) delivered in ${result.drainSeconds} s after the link came online: ${result.eventsPerSecond} events/s`,
        `  the station process spent ${result.stationCpuSeconds} s of CPU on it: ${result.eventsPerStationCpuSecond} events per CPU-second (a ceiling less sensitive to other load)`,
        `  the subscriber saw ${received.count} of ${lastSeq} sequence numbers; goal ≥ ${BUDGET.min} events/s: ${verdict(result.pass)}`,
      ],
      result,
    );
    return result;
  } finally {
    await station?.stop();
    await peer?.stop();
    board.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

if (isMain(import.meta.url)) runAsProgram(outboxDrain);
