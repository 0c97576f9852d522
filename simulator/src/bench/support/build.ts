import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

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
  /** how the station is run: compiled JavaScript, or from source through tsx when no build worked */
  readonly runtime: 'dist' | 'tsx';
  readonly command: readonly string[];
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
  note: `${note}; ran from source through tsx, which costs memory and start time the compiled station does not`,
});

/**
 * The station ships as compiled JavaScript (`npm run build`). When firmware-proto's or edge's dist/
 * is missing or older than the sources, this builds them first; when that fails it says why and
 * runs from source instead, so that a figure never silently comes from the wrong runtime.
 */
export const compiledStation = (options: { build: boolean }): CompiledStation => {
  const main = join(REPO_ROOT, 'edge/dist/cli/main.js');
  const stale = [...staleFiles('firmware-proto'), ...staleFiles('edge')];
  let note =
    stale.length === 0 ? 'edge/dist was up to date' : `dist/ older than ${stale.length} source files`;
  if (stale.length > 0 && options.build) {
    const npm = run('npm', ['run', 'build', '-w', '@regiobox/firmware-proto', '-w', '@regiobox/edge']);
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
  if (!existsSync(main)) return fromSource('edge/dist/cli/main.js is missing');
  return { runtime: 'dist', command: [process.execPath, main], note };
};
