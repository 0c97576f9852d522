import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { readStationUnit, unitCommand } from './unit.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

/** Each shipped source file whose compiled JavaScript is missing or older than it. */
const staleFiles = (pkg: string): string[] => {
  const src = join(REPO_ROOT, pkg, 'src');
  const dist = join(REPO_ROOT, pkg, 'dist');
  const stale: string[] = [];
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const rel = relative(src, file);
    if (rel.startsWith('test-support') || rel.split('/').includes('testing')) continue;
    const out = join(dist, rel.replace(/\.ts$/, '.js'));
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs) stale.push(rel);
  }
  return stale;
};

const run = (command: string, args: readonly string[]): { ok: boolean; tail: string } => {
  const r = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`
    .split('\n')
    .filter((l) => /error/i.test(l) && !l.startsWith('npm error'))
    .slice(0, 3)
    .join(' / ');
  return { ok: r.status === 0, tail };
};

/**
 * The second try when `npm run build` fails (a half-finished file in a shared working tree, a test
 * helper that needs another package's dist/): edge's own build config, with every test helper folder
 * left out once more, so that exactly what ships is compiled.
 */
const buildEdgeWithoutFixtures = (): { ok: boolean; tail: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-bench-build-'));
  try {
    const edge = join(REPO_ROOT, 'edge');
    const config = join(dir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(edge, 'tsconfig.build.json'),
        compilerOptions: {
          rootDir: join(edge, 'src'),
          outDir: join(edge, 'dist'),
          // resolved from the config's folder otherwise, which is a temp dir here
          typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
        },
        include: [join(edge, 'src/**/*.ts')],
        exclude: [
          join(edge, 'src/**/*.test.ts'),
          join(edge, 'src/**/*.system.test.ts'),
          join(edge, 'src/test-support/**'),
          join(edge, 'src/**/testing/**'),
        ],
      }),
    );
    const tsc = run(join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', config]);
    if (!tsc.ok) return tsc;
    return run(process.execPath, [join(edge, 'scripts/copy-assets.mjs')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export interface CompiledStation {
  /** how the station is run: the bundle as the systemd unit runs it, the tsc output, or tsx from source */
  readonly runtime: 'bundle' | 'dist' | 'tsx';
  readonly command: readonly string[];
  /** the unit's Environment= for the bundle; nothing else */
  readonly env: Readonly<Record<string, string>>;
  readonly note: string;
}

const fromSource = (note: string): CompiledStation => ({
  runtime: 'tsx',
  command: [
    process.execPath,
    '--import',
    'tsx',
    '--conditions=regiobox-source',
    join(REPO_ROOT, 'edge/src/cli/main.ts'),
  ],
  env: {},
  note: `${note}; ran from source through tsx, which costs memory and start time the compiled station does not`,
});

const BUNDLE = join(REPO_ROOT, 'edge/dist/bundle/station.mjs');
/** the workspaces whose sources the bundle holds */
const BUNDLED = ['firmware-proto', 'edge/contract', 'edge/hardware-api', 'edge'];

const bundleStale = (): boolean => {
  if (!existsSync(BUNDLE)) return true;
  const built = statSync(BUNDLE).mtimeMs;
  return BUNDLED.some((pkg) =>
    readdirSync(join(REPO_ROOT, pkg, 'src'), { recursive: true, withFileTypes: true }).some(
      (e) => e.isFile() && e.name.endsWith('.ts') && statSync(join(e.parentPath, e.name)).mtimeMs > built,
    ),
  );
};

/**
 * The station as it ships. `runtime: 'bundle'` (the default) is the systemd unit's ExecStart= and
 * Environment= (deploy/raspberry-pi/regiobox-edge.service), its paths pointed into this checkout:
 * the flags the unit sets are the flags measured. `unitFlags: false` drops the unit's Node flags and
 * environment, to measure what they bring. `runtime: 'dist'` is tsc's output without the unit.
 * When dist/ or the bundle is older than the sources this builds first; when that fails it says
 * why and runs from source instead, so that a figure never silently comes from the wrong runtime.
 */
export const compiledStation = (options: {
  build: boolean;
  runtime?: 'bundle' | 'dist';
  unitFlags?: boolean;
  configFile: string;
}): CompiledStation => {
  const main = join(REPO_ROOT, 'edge/dist/cli/main.js');
  const stale = [...staleFiles('firmware-proto'), ...staleFiles('edge')];
  const wantBundle = (options.runtime ?? 'bundle') === 'bundle';
  let note =
    stale.length === 0 ? 'edge/dist was up to date' : `dist/ older than ${stale.length} source files`;
  if ((stale.length > 0 || (wantBundle && bundleStale())) && options.build) {
    const npm = run('npm', [
      'run',
      'build',
      ...['firmware-proto', 'contract', 'hardware-api', 'edge'].flatMap((w) => ['-w', `@regiobox/${w}`]),
    ]);
    if (npm.ok) note = 'built with npm run build';
    else {
      const fallback = buildEdgeWithoutFixtures();
      if (!fallback.ok)
        return fromSource(
          `npm run build failed (${npm.tail}), and so did the build without fixtures (${fallback.tail})`,
        );
      note = `npm run build failed (${npm.tail}); built edge's shipped files alone`;
    }
  }
  if (wantBundle) {
    if (!existsSync(BUNDLE)) return fromSource('edge/dist/bundle/station.mjs is missing');
    const unit = readStationUnit();
    const command = unitCommand(unit, { configFile: options.configFile });
    if (options.unitFlags === false)
      return {
        runtime: 'bundle',
        command: [
          command[0] ?? process.execPath,
          ...command.slice(1).filter((w) => !w.startsWith('--') || w === '--config'),
        ],
        env: {},
        note: `${note}; without the unit's Node flags and environment`,
      };
    return { runtime: 'bundle', command, env: unit.environment, note: `${note}; as ExecStart= of the unit` };
  }
  if (!existsSync(main)) return fromSource('edge/dist/cli/main.js is missing');
  return {
    runtime: 'dist',
    command: [process.execPath, main, '--config', options.configFile],
    env: {},
    note,
  };
};
