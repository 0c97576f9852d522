// The Node versions the project promises: the root package.json's engines.node, written as one
// range per major ("^20.19.0 || ^22.13.0 || ^24.0.0"), so that CI's Node matrix and the engines
// check read the same promise the README states.
//   node scripts/node-promise.mjs --majors [--except 20]   prints the promised majors, e.g. "22 24"
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

export class NodePromiseError extends Error {
  code = 'NODE_PROMISE_INVALID';
}

export const readNodePromise = (root) => {
  const promise = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines?.node;
  if (typeof promise !== 'string' || semver.validRange(promise) === null) {
    throw new NodePromiseError(
      `package.json engines.node must be a semver range, got ${JSON.stringify(promise)}`,
    );
  }
  const majors = promise.split('||').map((part) => {
    const range = part.trim();
    const major = semver.minVersion(range)?.major;
    if (major === undefined || !semver.subset(range, `${major}.x`)) {
      throw new NodePromiseError(
        `package.json engines.node: "${range}" spans several Node majors; write one range per major, e.g. "^20.19.0 || ^22.13.0 || ^24.0.0"`,
      );
    }
    return { major, range };
  });
  return { promise, majors };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const except = args.includes('--except') ? Number(args[args.indexOf('--except') + 1]) : undefined;
  try {
    const { majors } = readNodePromise(root);
    console.log(
      majors
        .map(({ major }) => major)
        .filter((major) => major !== except)
        .join(' '),
    );
  } catch (error) {
    console.error(error instanceof NodePromiseError ? error.message : error);
    process.exit(1);
  }
}
