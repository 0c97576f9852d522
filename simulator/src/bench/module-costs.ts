import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchArgs } from './support/args.js';
import { compiledStation, REPO_ROOT } from './support/build.js';
import { isMain, runAsProgram } from './support/main.js';
import { type BenchResult, emit, round } from './support/report.js';
import { median } from './support/station-process.js';

const EDGE = join(REPO_ROOT, 'edge');
const own = (file: string) => pathToFileURL(join(EDGE, 'dist', file)).href;

/** The station's dependencies and its own larger parts, each imported alone into a fresh node. */
export const MODULES: readonly { readonly name: string; readonly specifier: string }[] = [
  { name: 'mqtt', specifier: 'mqtt' },
  { name: 'fastify', specifier: 'fastify' },
  { name: 'zod', specifier: 'zod' },
  { name: 'pino', specifier: 'pino' },
  { name: 'yaml', specifier: 'yaml' },
  { name: 'better-sqlite3', specifier: 'better-sqlite3' },
  { name: 'serialport', specifier: 'serialport' },
  { name: 'commander', specifier: 'commander' },
  { name: '@regiobox/firmware-proto', specifier: '@regiobox/firmware-proto' },
  { name: '@regiobox/contract', specifier: '@regiobox/contract' },
  { name: 'edge config', specifier: own('config/index.js') },
  { name: 'edge store (SQLite)', specifier: own('store/database.js') },
  { name: 'edge link (MQTT)', specifier: own('link/index.js') },
  { name: 'edge kiosk server', specifier: own('kiosk/server.js') },
  { name: 'edge serial board driver', specifier: own('hardware/board/board-hardware.js') },
  { name: 'edge GPIO driver', specifier: own('hardware/gpio/gpio-hardware.js') },
  { name: 'edge station (tsc output, all parts)', specifier: own('station.js') },
];

// RSS after the import and one full collection: what the module keeps, not its start-up garbage
const PROBE = `
const t = performance.now();
const spec = process.argv[1];
if (spec) await import(spec);
const loadMs = performance.now() - t;
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 50));
process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, loadMs }));
process.exit(0);
`;

const probe = (specifier: string | null): { rss: number; loadMs: number } => {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--input-type=module', '-e', PROBE, ...(specifier ? [specifier] : [])],
    { cwd: EDGE, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`importing ${specifier} failed: ${r.stderr.slice(0, 300)}`);
  return JSON.parse(r.stdout) as { rss: number; loadMs: number };
};

/**
 * What each piece costs, so that the next regression shows: every dependency and every larger part
 * of the station imported alone into a fresh `node` (the tsc output, not the bundle), RSS above a
 * bare node after a full GC, and the import's wall time; medians of `--count` runs (3 by default).
 */
export const moduleCosts = async (args: BenchArgs): Promise<BenchResult[]> => {
  compiledStation({ build: !args.noBuild, runtime: 'dist', configFile: '/dev/null' });
  const runs = args.count ?? (args.quick ? 1 : 3);
  const bare = Array.from({ length: runs }, () => probe(null));
  const bareRss = median(bare.map((b) => b.rss));
  const modules: Record<string, { rssMb: number; loadMs: number }> = {};
  const lines = [
    `module-costs (${process.version}): import alone into a fresh node, above a bare node (${round(bareRss / 1048576, 1)} MB), median of ${runs}`,
  ];
  for (const m of MODULES) {
    const samples = Array.from({ length: runs }, () => probe(m.specifier));
    const rssMb = round((median(samples.map((s) => s.rss)) - bareRss) / 1048576, 1);
    const loadMs = round(median(samples.map((s) => s.loadMs)), 0);
    modules[m.name] = { rssMb, loadMs };
    lines.push(`  ${m.name.padEnd(38)} +${String(rssMb).padStart(5)} MB  ${String(loadMs).padStart(5)} ms`);
  }
  const result: BenchResult = {
    bench: 'module-costs',
    node: process.version,
    bareNodeMb: round(bareRss / 1048576, 1),
    modules,
    budget: null,
    pass: null,
  };
  emit(lines, result);
  return [result];
};

if (isMain(import.meta.url)) runAsProgram(moduleCosts);
