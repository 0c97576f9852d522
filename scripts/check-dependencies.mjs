// The workspace graph, checked: no import cycle inside a workspace (madge), every package a file
// imports is declared by its workspace, and the workspaces' own dependencies form no cycle.
// Test files may also use the root's devDependencies (vitest, fast-check, playwright-core).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const rootPackage = readJson(path.join(root, 'package.json'));
const builtins = new Set(builtinModules);
const IMPORTS = [
  /^\s*(?:import|export)\s[^'";]*?\bfrom\s+['"]([^'"\n]+)['"]/gm,
  /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /^\s*import\s+['"]([^'"\n]+)['"]/gm,
];
const isTestFile = (file) => /\.test\.ts$|\/testing\/|\/test-support\/|[/-]test-[a-z-]+\.ts$/.test(file);

const packageOf = (specifier) => {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) return null;
  // a specifier built at run time (inside a template string) is not a package name
  if (!/^(@[\w.-]+\/)?[\w.-]+(\/|$)/.test(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

const sourceFiles = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.join(e.parentPath, e.name));

const problems = [];
const workspaces = rootPackage.workspaces.map((dir) => ({
  dir,
  pkg: readJson(path.join(root, dir, 'package.json')),
}));
const names = new Set(workspaces.map((w) => w.pkg.name));

for (const { dir, pkg } of workspaces) {
  const src = path.join(root, dir, 'src');
  const runtime = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    pkg.name,
  ]);
  const forTests = new Set([
    ...runtime,
    ...Object.keys(pkg.devDependencies ?? {}),
    ...Object.keys(rootPackage.devDependencies ?? {}),
  ]);
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    for (const match of IMPORTS.flatMap((re) => [...text.matchAll(re)])) {
      const name = packageOf(match[1]);
      if (name === null || name.startsWith('@types/')) continue;
      const declared = isTestFile(file) ? forTests : runtime;
      if (!declared.has(name)) {
        problems.push(`${path.relative(root, file)} imports ${name}, which ${pkg.name} does not declare`);
      }
    }
  }
  const result = await madge(src, { fileExtensions: ['ts'], tsConfig: path.join(root, 'tsconfig.json') });
  for (const cycle of result.circular()) problems.push(`${dir}/src: import cycle ${cycle.join(' > ')}`);
}

// workspace → workspaces it depends on (any kind of dependency), then a depth-first search for cycles
const edges = new Map(
  workspaces.map(({ pkg }) => [
    pkg.name,
    Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies }).filter((n) =>
      names.has(n),
    ),
  ]),
);
const visit = (name, trail) => {
  if (trail.includes(name)) {
    problems.push(`workspace cycle: ${[...trail.slice(trail.indexOf(name)), name].join(' → ')}`);
    return;
  }
  for (const next of edges.get(name) ?? []) visit(next, [...trail, name]);
};
for (const name of names) visit(name, []);

if (problems.length > 0) {
  for (const p of new Set(problems)) console.error(`✖ ${p}`);
  process.exit(1);
}
console.log(`✔ ${workspaces.length} workspaces: no import cycle, every import declared, no workspace cycle`);
