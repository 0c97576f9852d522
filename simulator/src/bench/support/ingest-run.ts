import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IngestStats } from '@regiobox/cloud-bridge';
import type { BridgeInstanceMessage } from '../peers/bridge-instance.js';
import { epochMs } from './child.js';
import { FleetPool } from './fleet-pool.js';
import { type IngestSetup, type RunningTopology, startTopology } from './ingest-topology.js';
import { mb, type ProcSample, processTree, sampleProcess } from './proc-stats.js';
import { round, summarise } from './report.js';
import { until } from './until.js';

export const LATENCY_BUDGET_MS = 200;
export const TELEMETRY_EVERY_S = 30;
export const EVENT_EVERY_S = 300;

export interface IngestStep {
  readonly stations: number;
  readonly messages: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly unstored: number;
  /** per bridge instance, in % of one core */
  readonly bridgeCpuPercent: readonly number[];
  /** all broker processes together (Mosquitto); the embedded broker's is in the bridge's */
  readonly brokerCpuPercent: number;
  readonly fleetCpuPercent: number;
  /** resident memory at the window's end: per bridge instance, and the brokers together */
  readonly bridgeRssMb: readonly number[];
  readonly brokerRssMb: number;
  /** PostgreSQL's server processes together; null on SQLite (its work is in the bridge's figure) */
  readonly storeCpuPercent: number | null;
  /** per bridge instance: how late its event loop ran during the window (p99, max) */
  readonly bridgeLoopDelayMs: readonly { readonly p99: number; readonly max: number }[];
  /** the window's seconds in which messages over the budget were published: [second, count, worst ms] */
  readonly slowSeconds: readonly (readonly [number, number, number])[];
  readonly connectSeconds: number;
  readonly loadAvg1m: number;
  readonly pass: boolean;
}

export interface SetupRun {
  readonly steps: readonly IngestStep[];
  readonly stoppedBecause: string;
  readonly brokers: number;
  readonly ingest: readonly IngestStats[];
  /** keys stored by more than one instance (must be 0: each message is stored once) */
  readonly storedTwice: number;
}

type StatsMessage = Extract<BridgeInstanceMessage, { type: 'stats' }>;

const bridgeStats = (topology: RunningTopology, resetLoop: boolean): Promise<StatsMessage[]> =>
  Promise.all(
    topology.bridges.map((b) => {
      b.clear();
      b.send({ type: 'stats', resetLoop });
      return b.next((x): x is StatsMessage => x.type === 'stats', 30_000, 'bridge statistics');
    }),
  );

/** Messages over the budget, by the second of the window they were published in. */
const slowSeconds = (
  window: readonly (readonly [number, number])[],
  from: number,
): [number, number, number][] => {
  const bySecond = new Map<number, [number, number, number]>();
  for (const [at, latency] of window) {
    if (latency <= LATENCY_BUDGET_MS) continue;
    const second = Math.floor((at - from) / 1000);
    const b = bySecond.get(second) ?? [second, 0, 0];
    b[1]++;
    b[2] = Math.max(b[2], Number.isFinite(latency) ? Math.round(latency) : -1);
    bySecond.set(second, b);
  }
  return [...bySecond.values()].sort((a, b) => a[0] - b[0]);
};

/** undefined for a process that has ended (a PostgreSQL backend may come and go) */
const cpu = (pids: readonly number[]): (ProcSample | undefined)[] =>
  pids.map((p) => {
    try {
      return sampleProcess(p);
    } catch {
      return undefined;
    }
  });
const percent = (a: ProcSample | undefined, b: ProcSample | undefined) =>
  a && b ? round(((b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000)) * 100, 1) : Number.NaN;
const total = (a: (ProcSample | undefined)[], b: (ProcSample | undefined)[]) =>
  round(
    a.reduce((s, x, i) => {
      const p = percent(x, b[i]);
      return Number.isFinite(p) ? s + p : s;
    }, 0),
    1,
  );

/**
 * One setup at growing fleet sizes. At each step every message published during the window is timed
 * from the station handing it to its socket to a bridge instance having stored it (both clocks are
 * the machine's, compared with sub-millisecond resolution); the run stops at the first step whose
 * p99 exceeds the budget or that loses a message.
 */
export const runSetup = async (
  setup: IngestSetup,
  steps: readonly number[],
  windowS: number,
  log: (line: string) => void,
): Promise<SetupRun> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-bench-ingest-'));
  const published = new Map<string, number>();
  const stored = new Map<string, number>();
  let storedTwice = 0;
  let stationChanges = 0;
  const onStored = (m: BridgeInstanceMessage): boolean => {
    if (m.type !== 'stored') return false;
    for (const [k, at] of m.items) {
      if (stored.has(k)) storedTwice++;
      else stored.set(k, at);
    }
    stationChanges += m.stationChanges;
    return true;
  };
  let topology: RunningTopology | undefined;
  let fleet: FleetPool | undefined;
  try {
    const started = performance.now();
    topology = await startTopology(setup, dir, Math.max(...steps), onStored);
    log(
      `  ${topology.stationUrls.length} broker(s), ${topology.bridges.length} bridge process(es), ${Math.max(...steps)} stations registered in ${round((performance.now() - started) / 1000, 1)} s`,
    );
    fleet = new FleetPool(
      {
        urls: topology.stationUrls,
        perBroker: topology.perBroker,
        passwordSecret: topology.passwordSecret,
        telemetryEveryS: TELEMETRY_EVERY_S,
        eventEveryS: EVENT_EVERY_S,
      },
      (items) => {
        for (const [, , key, at] of items) published.set(key, at);
      },
    );
    const results: IngestStep[] = [];
    let stopReason = 'every step kept the budget';
    for (const n of steps) {
      const growStart = performance.now();
      const grown = await fleet.grow(n);
      const connectSeconds = (performance.now() - growStart) / 1000;
      if (grown.failed > 0) {
        stopReason = `at ${n} stations ${grown.failed} could not connect (${grown.firstError ?? 'unknown'})`;
        break;
      }
      // every station's birth and state stored before the window opens
      await until('the births to be stored', () => stationChanges >= 2 * grown.connected, 10 * 60_000, 50);
      const bridgePids = topology.bridges.map((b) => b.process.pid ?? 0);
      await bridgeStats(topology, true);
      const from = epochMs();
      const storePids = topology.postmasterPid ? processTree(topology.postmasterPid) : [];
      const before = [cpu(bridgePids), cpu(topology.brokerPids), cpu(fleet.pids()), cpu(storePids)] as const;
      await sleep(windowS * 1000);
      const to = epochMs();
      const after = [cpu(bridgePids), cpu(topology.brokerPids), cpu(fleet.pids()), cpu(storePids)] as const;
      const loops = (await bridgeStats(topology, false)).map((m) => m.loopDelayMs);
      const inWindow = () => [...published].filter(([, at]) => at >= from && at < to);
      // what was published in the window gets up to 10 s more to arrive; later counts as unstored
      await until(
        'the window to be stored',
        () => inWindow().every(([k]) => stored.has(k)),
        10_000,
        50,
      ).catch(() => undefined);
      const timed = inWindow().map(
        ([k, at]) => [at, (stored.get(k) ?? Number.POSITIVE_INFINITY) - at] as const,
      );
      const latencies = timed.map(([, l]) => l);
      const s = summarise(latencies);
      const unstored = latencies.filter((l) => !Number.isFinite(l)).length;
      const step: IngestStep = {
        stations: n,
        messages: s.n,
        perSecond: round(s.n / windowS, 1),
        p50Ms: round(s.p50, 2),
        p90Ms: round(s.p90, 2),
        p99Ms: round(s.p99, 2),
        maxMs: round(s.max, 2),
        unstored,
        bridgeCpuPercent: before[0].map((b, i) => percent(b, after[0][i])),
        brokerCpuPercent: total(before[1], after[1]),
        fleetCpuPercent: total(before[2], after[2]),
        bridgeRssMb: after[0].map((x) => mb(x?.rssBytes ?? Number.NaN)),
        brokerRssMb: mb(after[1].reduce((sum, x) => sum + (x?.rssBytes ?? 0), 0)),
        storeCpuPercent: topology.postmasterPid ? total(before[3], after[3]) : null,
        bridgeLoopDelayMs: loops,
        slowSeconds: slowSeconds(timed, from),
        connectSeconds: round(connectSeconds, 1),
        loadAvg1m: round(loadavg()[0] ?? 0),
        pass: s.n > 0 && unstored === 0 && s.p99 <= LATENCY_BUDGET_MS,
      };
      results.push(step);
      log(
        `  ${n} stations: ${step.messages} messages in ${windowS} s (${step.perSecond}/s), publish→stored p50 ${step.p50Ms} ms p90 ${step.p90Ms} ms p99 ${step.p99Ms} ms max ${step.maxMs} ms, ${unstored} unstored; CPU % bridge ${step.bridgeCpuPercent.join(' + ')}, broker ${step.brokerCpuPercent}, fleet ${step.fleetCpuPercent}${step.storeCpuPercent === null ? '' : `, PostgreSQL ${step.storeCpuPercent}`}; bridge loop delay max ${loops.map((l) => l.max).join(' + ')} ms; connected in ${step.connectSeconds} s; load ${step.loadAvg1m}`,
      );
      for (const [k, at] of published) if (at < to) published.delete(k);
      if (!step.pass) {
        stopReason = `at ${n} stations ${unstored > 0 ? `${unstored} messages were not stored within 10 s` : `p99 ${step.p99Ms} ms exceeds ${LATENCY_BUDGET_MS} ms`}`;
        break;
      }
    }
    const ingest = (await bridgeStats(topology, false)).map((m) => m.ingest);
    return {
      steps: results,
      stoppedBecause: stopReason,
      brokers: topology.stationUrls.length,
      ingest,
      storedTwice,
    };
  } finally {
    await fleet?.stop();
    await topology?.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
