import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './support/build.js';
import { siblingScript } from './support/child.js';
import type { BenchResult } from './support/report.js';

/**
 * `npm run bench`: every benchmark in turn, each in its own process so that one's leftovers (ten
 * thousand sockets, a heap full of events) never weigh on the next. Flags --quick, --long and
 * --no-build are passed on (and --full, which only the bridge-ingest benchmark reads); --out <file> also writes every result as a JSON array.
 */
const BENCHES = [
  'module-costs',
  'unlock-latency',
  'mqtt-round-trip',
  'station-footprint',
  'command-flood',
  'door-cycles',
  'outbox-drain',
  'bridge-ingest',
] as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    long: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
  },
});
const passOn = [
  ...(values.quick ? ['--quick'] : []),
  ...(values.long ? ['--long'] : []),
  ...(values.full ? ['--full'] : []),
  ...(values['no-build'] ? ['--no-build'] : []),
  ...(values.plain ? ['--plain'] : []),
];
const selected = values.only ? BENCHES.filter((b) => values.only?.split(',').includes(b)) : BENCHES;

const gitCommit = (): string => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const runOne = (
  name: string,
): Promise<{ results: BenchResult[]; exitCode: number | null; seconds: number }> =>
  new Promise((resolve) => {
    const started = performance.now();
    const script = siblingScript(import.meta.url, `./${name}`);
    const child = spawn(process.execPath, [...process.execArgv, script, ...passOn], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const results: BenchResult[] = [];
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) results.push(JSON.parse(line) as BenchResult);
    });
    child.once('exit', (exitCode) =>
      resolve({ results, exitCode, seconds: (performance.now() - started) / 1000 }),
    );
  });

const header = {
  at: new Date().toISOString(),
  commit: gitCommit(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  loadAvg: loadavg().map((l) => Math.round(l * 100) / 100),
  flags: passOn,
};
process.stdout.write(
  `regiobox benchmarks at ${header.commit}, ${header.node}, ${header.cpus}, load ${header.loadAvg.join(' ')}\n`,
);
const all: BenchResult[] = [];
const summary: string[] = [];
const started = performance.now();
for (const name of selected) {
  process.stdout.write(`\n== ${name}\n`);
  const { results, exitCode, seconds } = await runOne(name);
  all.push(...results);
  if (exitCode === 1 || results.length === 0) summary.push(`${name.padEnd(20)} ERROR (exit ${exitCode})`);
  for (const r of results)
    summary.push(
      `${r.bench.padEnd(34)} ${r.pass === null ? 'no budget' : r.pass ? 'pass' : 'FAIL'} (${Math.round(seconds)} s)`,
    );
}
process.stdout.write(
  `\n== summary (${Math.round((performance.now() - started) / 1000)} s, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})\n${summary.join('\n')}\n`,
);
if (values.out) writeFileSync(values.out, `${JSON.stringify({ ...header, results: all }, null, 2)}\n`);
process.exit(all.some((r) => r.pass === false) ? 3 : 0);
