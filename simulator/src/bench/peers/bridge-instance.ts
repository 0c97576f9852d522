import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  type BridgeConfigInput,
  type IngestStats,
  parseConfig,
  type RunningBridge,
  startBridge,
} from '@regiobox/cloud-bridge';
import { epochMs } from '../support/child.js';

/**
 * One bridge instance of the bridge-ingest benchmark, in its own process as in production: the
 * parent hands it a bridge config, and it reports what it stored and when (epoch ms, comparable
 * with the fleet's clocks): [key, at], the key being an event id or a telemetry batch id.
 */
export type BridgeInstanceRequest =
  | { readonly type: 'start'; readonly config: BridgeConfigInput }
  /** the ingest counters; `resetLoop` also starts a new event-loop delay window */
  | { readonly type: 'stats'; readonly resetLoop?: boolean }
  | { readonly type: 'stop' };

export type Stored = readonly [key: string, at: number];

export type BridgeInstanceMessage =
  | { readonly type: 'started'; readonly brokerUrl: string }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'stored'; readonly items: readonly Stored[]; readonly stationChanges: number }
  | {
      readonly type: 'stats';
      readonly ingest: IngestStats;
      /** how late the event loop ran since the last reset: a blocked or starved process shows here */
      readonly loopDelayMs: { readonly p99: number; readonly max: number };
    }
  | { readonly type: 'stopped' };

const send = (m: BridgeInstanceMessage) => process.send?.(m);
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

let bridge: RunningBridge | undefined;
let pending: Stored[] = [];
let stationChanges = 0;
const flush = setInterval(() => {
  if (pending.length === 0 && stationChanges === 0) return;
  send({ type: 'stored', items: pending, stationChanges });
  pending = [];
  stationChanges = 0;
}, 100);

/**
 * REGIOBOX_BENCH_PROFILE=<dir>: a CPU profile of this instance, written at its stop as
 * bridge-<pid>.cpuprofile (open it in Chrome's DevTools or speedscope).
 */
const profileDir = process.env.REGIOBOX_BENCH_PROFILE;
const profiler = profileDir ? new Session() : undefined;

const start = async (config: BridgeConfigInput) => {
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  try {
    bridge = await startBridge(parseConfig(config));
  } catch (err) {
    send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
    return;
  }
  // relay(), not subscribe(): only what this instance stored, not what other instances relay to it
  bridge.changes.relay((c) => {
    if (c.kind === 'event') pending.push([c.eventId, epochMs()]);
    else if (c.kind === 'telemetry') pending.push([c.batchId, epochMs()]);
    else if (c.kind === 'station') stationChanges++;
  });
  send({ type: 'started', brokerUrl: bridge.brokerUrl });
};

const stop = async () => {
  clearInterval(flush);
  await bridge?.stop();
  if (profiler && profileDir) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(join(profileDir, `bridge-${process.pid}.cpuprofile`), JSON.stringify(profile));
  }
  send({ type: 'stopped' });
  process.exit(0);
};

process.on('message', (m: BridgeInstanceRequest) => {
  if (m.type === 'start') void start(m.config);
  else if (m.type === 'stats' && bridge) {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    send({
      type: 'stats',
      ingest: bridge.ingestStats(),
      loopDelayMs: { p99: ms(loop.percentile(99)), max: ms(loop.max) },
    });
    if (m.resetLoop) loop.reset();
  } else if (m.type === 'stop') void stop();
});
process.once('SIGTERM', () => void stop());
