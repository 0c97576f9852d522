// Every installed package must run on every Node the project promises. The promise is the root
// package.json's engines.node, one range per major (node-promise.mjs). A package whose engines.node
// leaves out any version of a promised range fails the check: npm only warns (EBADENGINE), and the
// package may then break on that Node at run time.
// Ranges are compared with semver, the library npm itself uses for engines.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { NodePromiseError, readNodePromise } from './node-promise.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

let promise;
let promised;
try {
  ({ promise, majors: promised } = readNodePromise(root));
} catch (error) {
  console.error(error instanceof NodePromiseError ? error.message : error);
  process.exit(1);
}

// every package directory under node_modules, nested ones included; workspace links are read
// but not descended into (their own packages are the workspaces, listed by the root)
const packageDirs = (modulesDir) => {
  if (!existsSync(modulesDir)) return [];
  const dirs = [];
  for (const entry of readdirSync(modulesDir)) {
    if (entry.startsWith('.')) continue;
    const full = path.join(modulesDir, entry);
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(full)) dirs.push(path.join(full, scoped));
    } else {
      dirs.push(full);
    }
  }
  return dirs.flatMap((dir) =>
    lstatSync(dir).isSymbolicLink() ? [dir] : [dir, ...packageDirs(path.join(dir, 'node_modules'))],
  );
};

const problems = [];
let checked = 0;
for (const dir of packageDirs(path.join(root, 'node_modules'))) {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = readJson(manifest);
  const wanted = pkg.engines?.node;
  if (typeof wanted !== 'string') continue;
  checked += 1;
  const where = `${pkg.name}@${pkg.version} (${path.relative(root, dir)})`;
  if (semver.validRange(wanted) === null) {
    problems.push(`${where}: engines.node "${wanted}" is not a range npm can read`);
    continue;
  }
  for (const { major, range } of promised) {
    if (!semver.subset(range, wanted)) {
      problems.push(`${where}: engines.node "${wanted}" excludes Node ${major} (promised: ${range})`);
    }
  }
}

if (problems.length > 0) {
  console.error(`${problems.length} engines problem(s) against the promise "${promise}":`);
  for (const problem of problems) console.error(`  ${problem}`);
  console.error('Choose versions that fit (package.json overrides), or change the promise with a reason.');
  process.exit(1);
}
console.log(`engines: ${checked} installed packages declare engines.node; each admits "${promise}"`);
