import type { BenchArgs } from './support/args.js';
import {
  EVENT_EVERY_S,
  type IngestStep,
  LATENCY_BUDGET_MS,
  runSetup,
  TELEMETRY_EVERY_S,
} from './support/ingest-run.js';
import { type IngestSetup, setupName } from './support/ingest-topology.js';
import { isMain, runAsProgram } from './support/main.js';
import { type BenchResult, type Budget, emit, verdict } from './support/report.js';

/** the embedded broker's DEFAULT_BROKER_LIMITS.maxConnections, less the bridge's own connection */
const EMBEDDED_BROKER_STATIONS = 9_999;
/** issue 18: at least this many stations with publish → stored p99 ≤ 200 ms on this machine */
const FULL_GOAL = 20_000;

const SETUPS: readonly IngestSetup[] = [
  { broker: 'embedded', bridges: 1, store: 'sqlite' },
  { broker: 'mosquitto', bridges: 1, store: 'sqlite' },
  { broker: 'mosquitto', bridges: 2, store: 'postgres' },
];

const stepsFor = (setup: IngestSetup, args: BenchArgs): number[] => {
  const cap = setup.broker === 'embedded' ? EMBEDDED_BROKER_STATIONS : Number.POSITIVE_INFINITY;
  const wanted = args.count
    ? [Math.round(args.count)]
    : args.quick
      ? [50, 200]
      : args.full
        ? [5_000, 10_000, 15_000, FULL_GOAL]
        : [1_000, 5_000];
  return [...new Set(wanted.map((n) => Math.min(n, cap)))];
};

/**
 * Stations against the bridge in several setups: the embedded broker with one bridge on SQLite
 * (`npm start`), Mosquitto with one bridge on SQLite, and Mosquitto with two bridge instances on
 * PostgreSQL sharing the traffic. Every bridge and broker runs in its own process; the simulated
 * fleet in others, one MQTT connection and login (its own password) per station, each publishing a
 * retained birth and state, telemetry every 30 s (12 doors, 6 probes) and a door event every 5
 * minutes on average. The fleet grows in steps; for each setup the answer is the largest fleet whose
 * publish → stored p99 stays within 200 ms with nothing lost.
 *
 * Default: 1,000 and 5,000 stations; --quick: 50 and 200; --full (or REGIOBOX_BENCH_FULL=1): up to
 * 20,000; --count N: N only; --setups embedded-sqlite,mosquitto-sqlite: a choice.
 */
export const bridgeIngest = async (args: BenchArgs): Promise<BenchResult[]> => {
  const chosen = args.setups ? SETUPS.filter((s) => args.setups?.includes(setupName(s))) : SETUPS;
  if (chosen.length === 0)
    throw new RangeError(`--setups must name some of ${SETUPS.map(setupName).join(', ')}`);
  const windowS = args.seconds ?? (args.quick ? 10 : args.full ? 30 : 20);
  const results: BenchResult[] = [];
  for (const setup of chosen) {
    const steps = stepsFor(setup, args);
    const name = setupName(setup);
    process.stdout.write(`bridge-ingest ${name}: steps ${steps.join(', ')} stations, ${windowS} s each\n`);
    const run = await runSetup(setup, steps, windowS, (line) => process.stdout.write(`${line}\n`));
    const passed = run.steps.filter((s) => s.pass);
    const best: IngestStep | undefined = passed[passed.length - 1];
    const at = best ?? run.steps[0];
    const goal = args.full && !args.count ? Math.min(FULL_GOAL, Math.max(...steps)) : Math.max(...steps);
    const budget: Budget = { metric: 'stations', min: goal };
    const capped = setup.broker === 'embedded' && best?.stations === EMBEDDED_BROKER_STATIONS;
    const result: BenchResult = {
      bench: 'bridge-ingest',
      setup: name,
      broker: setup.broker,
      brokers: run.brokers,
      bridges: setup.bridges,
      store: setup.store,
      stations: best?.stations ?? 0,
      p50Ms: at?.p50Ms ?? null,
      p99Ms: at?.p99Ms ?? null,
      perSecond: at?.perSecond ?? null,
      latencyBudgetMs: LATENCY_BUDGET_MS,
      telemetryEveryS: TELEMETRY_EVERY_S,
      eventEveryS: EVENT_EVERY_S,
      windowS,
      steps: run.steps,
      stoppedBecause: capped
        ? `the embedded broker accepts at most 10,000 connections (DEFAULT_BROKER_LIMITS.maxConnections); ${run.stoppedBecause}`
        : run.stoppedBecause,
      storedTwice: run.storedTwice,
      ingest: run.ingest,
      budget,
      pass: (best?.stations ?? 0) >= goal && run.storedTwice === 0,
    };
    emit(
      [
        `bridge-ingest ${name}: largest fleet with publish→stored p99 ≤ ${LATENCY_BUDGET_MS} ms: ${result.stations} stations (p99 ${result.p99Ms} ms; ${result.stoppedBecause})`,
        `  budget ≥ ${goal} stations: ${verdict(result.pass)}`,
      ],
      result,
    );
    results.push(result);
  }
  return results;
};

if (isMain(import.meta.url)) runAsProgram(bridgeIngest);
