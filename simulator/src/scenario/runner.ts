import { setMaxListeners } from 'node:events';
import { DayCurve, INDOOR, SimClock } from '@regiobox/simulated-devices';
import type { Logger } from 'pino';
import { marketplaceOrders } from '../actors/marketplace.js';
import { operatorShift } from '../actors/operator.js';
import type { OrderStory } from '../actors/order-life.js';
import type { TrafficProfile } from '../actors/traffic.js';
import { LiveLog } from '../world/live-log.js';
import { observe } from '../world/observers.js';
import { Recorder } from '../world/recorder.js';
import { type StationLauncher, World } from '../world/world.js';
import type { Check, Evidence } from './check.js';
import { awaitDelivery, gatherEvidence } from './evidence.js';
import { evaluate, type StoryTally } from './expectations.js';
import { runFaults } from './faults.js';
import type { Scenario } from './schema.js';

export interface RunOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** the readable live log; silent when omitted */
  readonly print?: (line: string) => void;
  /** how `process: child` stations are started (the chaos runner's PTY children) */
  readonly childLauncher?: StationLauncher;
  /** real ms to wait for outboxes and webhooks to drain at the end */
  readonly drainTimeoutMs?: number;
  /** aborting ends the traffic early; the run still drains and checks */
  readonly signal?: AbortSignal;
}

export interface ScenarioOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly checks: readonly Check[];
  readonly stories: StoryTally;
  readonly realSeconds: number;
  readonly simulatedHours: number;
  /** what the checks were made from, for tests that look closer */
  readonly evidence: Evidence;
}

const trafficOf = (s: Scenario): TrafficProfile => ({
  ordersPerHour: s.traffic.ordersPerHour,
  parcelsPerOrder: s.traffic.parcelsPerOrder,
  producerDelayMs: s.traffic.producerDelay,
  pickupDelayMs: s.traffic.pickupDelay,
  pickupWindowMs: s.traffic.pickupWindow,
  lateShare: s.traffic.lateShare,
  wrongCodeShare: s.traffic.wrongCodeShare,
  qrShare: s.traffic.qrShare,
  doorOpenMs: s.traffic.doorOpen,
});

const ambientOf = (a: Scenario['stations'][number]['ambient']): DayCurve =>
  a === 'indoor' ? INDOOR : a === 'outdoor' ? new DayCurve() : new DayCurve(a);

/**
 * Runs a scenario: the bridge, the stations, the marketplace's orders for `duration`, the operator,
 * the fault timeline; then lets the orders end (at most `settle`), waits for every event to reach
 * the bridge, and checks the expectations and invariants against what really happened.
 */
export async function runScenario(scenario: Scenario, o: RunOptions): Promise<ScenarioOutcome> {
  const realStart = Date.now();
  const clock = new SimClock({ speed: scenario.speed, ...(scenario.start ? { start: scenario.start } : {}) });
  const log = new LiveLog(clock, o.print);
  const world = await World.start({
    dataDir: o.dataDir,
    clock,
    logger: o.logger,
    log,
    seed: scenario.seed,
    traffic: trafficOf(scenario),
  });
  const recorder = new Recorder(clock);
  const actors = new AbortController();
  setMaxListeners(0, actors.signal);
  o.signal?.addEventListener('abort', () => actors.abort(), { once: true });
  let stopObserving = () => {};
  try {
    for (const entry of scenario.stations) {
      const launch = entry.process === 'child' ? o.childLauncher : undefined;
      if (entry.process === 'child' && !launch)
        throw new Error(`station ${entry.id}: child stations need the chaos launcher`);
      const station = await world.addStation(
        { id: entry.id, shape: entry.shape, ambient: ambientOf(entry.ambient) },
        launch,
      );
      recorder.watch(station);
    }
    await world.awaitStationsOnline();
    stopObserving = observe(world, { temperatureEveryMs: 60 * 60_000 });
    const startMs = clock.nowMs();
    const ctx = world.actorContext(actors.signal);
    const operator =
      scenario.operator === false
        ? Promise.resolve()
        : operatorShift(ctx, {
            name: scenario.operator.name,
            checkEveryMs: scenario.operator.checkEvery,
            ackAfterMs: scenario.operator.ackAfter,
          });
    const faults = runFaults(world, scenario.faults, startMs, actors.signal);
    const settleTimer = setTimeout(() => actors.abort(), clock.realMs(scenario.duration + scenario.settle));
    const perStation = await Promise.all(
      scenario.stations.map((s) => marketplaceOrders(ctx, s.id, startMs + scenario.duration)),
    );
    clearTimeout(settleTimer);
    actors.abort();
    await Promise.all([operator, faults]);

    // every part back up, then let the outboxes drain
    if (!world.bridge.isRunning) await world.bridge.start();
    for (const s of world.stations.values()) {
      await s.replug();
      if (!s.isRunning()) await s.boot();
    }
    const delivered = await awaitDelivery(world, o.drainTimeoutMs ?? 60_000);
    const slackMs = clock.speed * 6_000 + 120_000;
    const evidence = await gatherEvidence(world, recorder, slackMs);
    const stories: StoryTally = {};
    for (const map of perStation)
      for (const story of map.values())
        stories[story as OrderStory] = (stories[story as OrderStory] ?? 0) + 1;
    const checks = evaluate(scenario, evidence, stories, delivered);
    return {
      name: scenario.name,
      ok: checks.every((c) => c.ok),
      checks,
      stories,
      realSeconds: (Date.now() - realStart) / 1000,
      simulatedHours: (clock.nowMs() - startMs) / 3_600_000,
      evidence,
    };
  } finally {
    actors.abort();
    stopObserving();
    recorder.stop();
    await world.stop();
  }
}

/** The outcome as people read it: what happened, then each check with ✓ or ✗ and its problems. */
export function formatOutcome(outcome: ScenarioOutcome): string[] {
  const lines = [
    '',
    `scenario ${outcome.name}: ${outcome.simulatedHours.toFixed(1)} simulated hours in ${outcome.realSeconds.toFixed(0)} s`,
    `orders: ${
      Object.entries(outcome.stories)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ') || 'none'
    }`,
  ];
  for (const c of outcome.checks) {
    lines.push(`${c.ok ? '✓' : '✗'} ${c.name} — ${c.detail}`);
    for (const p of c.problems.slice(0, 20)) lines.push(`    ${p}`);
    if (c.problems.length > 20) lines.push(`    … and ${c.problems.length - 20} more`);
  }
  lines.push(outcome.ok ? 'PASSED' : 'FAILED');
  return lines;
}
