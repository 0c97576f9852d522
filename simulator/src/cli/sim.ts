#!/usr/bin/env node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { pino } from 'pino';
import { childStationLauncher } from '../chaos/child-launcher.js';
import { loadScenario, ScenarioError } from '../scenario/load.js';
import { formatOutcome, runScenario } from '../scenario/runner.js';

interface RunCliOptions {
  quiet?: boolean;
  keep?: boolean;
  log?: string;
}

const run = async (file: string, o: RunCliOptions): Promise<number> => {
  let scenario: ReturnType<typeof loadScenario>;
  try {
    scenario = loadScenario(file);
  } catch (err) {
    if (err instanceof ScenarioError) {
      process.stderr.write(`regiobox-sim: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const dataDir = mkdtempSync(join(tmpdir(), `regiobox-sim-${scenario.name}-`));
  const logFile = o.log ? resolve(o.log) : join(dataDir, 'regiobox.log');
  const destination = pino.destination({ dest: logFile, sync: false, mkdir: true });
  const logger = pino({ level: 'info' }, destination);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`scenario ${scenario.name}: ${scenario.description || '(no description)'}`);
  print(
    `  ${scenario.stations.length} stations, ${scenario.faults.length} faults, ${scenario.speed}× real time; technical log: ${logFile}`,
  );
  let keep = o.keep === true;
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
    print('interrupted: stopping …');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await runScenario(scenario, {
      dataDir,
      logger,
      ...(o.quiet ? {} : { print }),
      childLauncher: childStationLauncher({ logDir: join(dataDir, 'logs') }),
      signal: stop.signal,
    });
    for (const line of formatOutcome(outcome)) print(line);
    keep ||= !outcome.ok;
    return outcome.ok ? 0 : 1;
  } finally {
    destination.flushSync();
    if (keep) print(`data kept for a post-mortem in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
};

const program = new Command('regiobox-sim').description(
  'regiobox simulator: scenarios on simulated stations',
);
program
  .command('run')
  .description('run a scenario file; exits 1 when an expectation or invariant fails')
  .argument('<scenario>', 'scenario file (YAML), e.g. simulator/scenarios/chaos-short.yaml')
  .option('-q, --quiet', 'no live log, only the outcome')
  .option('--keep', 'keep the data directory (databases, logs) for a post-mortem')
  .option('--log <file>', 'write the technical log here')
  .action(async (file: string, options: RunCliOptions) => {
    let code: number;
    try {
      code = await run(file, options);
    } catch (err) {
      process.stderr.write(`regiobox-sim failed: ${(err as Error).stack ?? String(err)}\n`);
      code = 1;
    }
    process.exit(code);
  });

await program.parseAsync(process.argv);
