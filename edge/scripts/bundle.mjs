// The station in one file for the Pi: dist/bundle/station.mjs, the kiosk page beside it, and the
// launcher dist/bundle/regiobox-edge.mjs that the systemd unit runs. One file loads faster than some 400 modules (one read, one compile,
// no resolution) and keeps less source text in memory. Native addons stay outside: they are found in
// node_modules at run time, as before. Drivers and the kiosk server are imported on use, so esbuild
// wraps them in lazy initialisers: a serial station never runs the GPIO code, a station without a
// kiosk never runs the HTTP server.
import { chmodSync, cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/bundle');
const outFile = path.join(outDir, 'station.mjs');
const launcher = path.join(outDir, 'regiobox-edge.mjs');

/** Packages with a native addon (or one that only a simulated station needs): resolved at run time. */
export const EXTERNAL = [
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'onoff',
  'epoll',
  'modbus-serial',
  '@regiobox/simulated-devices',
];

/**
 * zod's namespace object (`z`) carries `z.locales`: the error messages of some fifty languages, a
 * quarter of zod's size, which esbuild cannot leave out because `z` is one object. The station
 * speaks zod's English only (its own texts have their own dictionaries), so `locales` is English.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: outFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['regiobox-source'],
  external: EXTERNAL,
  plugins: [zodEnglishOnly],
  // the source text stays in the heap for the life of the process: minified it is a third as large
  minify: process.env.BUNDLE_MINIFY !== '0',
  keepNames: false,
  legalComments: 'none',
  // CommonJS dependencies (pino, fastify) call require() for Node's own modules
  banner: {
    js: "import { createRequire as __regioboxCreateRequire } from 'node:module'; const require = __regioboxCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// the launcher turns the compile cache on before it imports the station: it must be a file of its own
await build({
  entryPoints: [path.join(root, 'src/cli/launch.ts')],
  outfile: launcher,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['./main.js'],
  logLevel: 'warning',
});
writeFileSync(launcher, readFileSync(launcher, 'utf8').replace(/(['"])\.\/main\.js\1/, "'./station.mjs'"));
chmodSync(launcher, 0o755);
cpSync(path.join(root, 'src/kiosk/public'), path.join(outDir, 'public'), { recursive: true });
console.log(
  `bundled src/cli/main.ts → ${path.relative(root, outFile)} (${Math.round(statSync(outFile).size / 1024)} KiB)`,
);
