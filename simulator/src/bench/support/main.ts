import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchArgs, parseBenchArgs } from './args.js';
import type { BenchResult } from './report.js';

export type Bench = (args: BenchArgs) => Promise<readonly BenchResult[]>;

/** True when the module at `url` is the script node was started with (not imported by run-all). */
export const isMain = (url: string): boolean => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
};

/**
 * Runs one benchmark as a program: its results are printed by the benchmark itself; an error ends the
 * process with 1, and any handle a failed run left open does not keep it alive.
 */
export const runAsProgram = (bench: Bench): void => {
  bench(parseBenchArgs()).then(
    (results) => {
      const failed = results.some((r) => r.pass === false);
      process.exit(failed ? 3 : 0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
};
