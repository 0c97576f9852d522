import { loadavg } from 'node:os';

/** What a benchmark promises: a figure and the bound it must stay within. */
export interface Budget {
  /** the JSON field the bound applies to, e.g. "p99WireMs" */
  readonly metric: string;
  readonly max?: number;
  readonly min?: number;
}

/** One benchmark's figures as one JSON object, so that runs can be compared by a script. */
export interface BenchResult {
  readonly bench: string;
  readonly budget: Budget | null;
  /** null when the benchmark has no budget or could not run */
  readonly pass: boolean | null;
  readonly [figure: string]: unknown;
}

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
};

export const summarise = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
};

/** Rounds for reading: three significant decimals are plenty for milliseconds on a shared machine. */
export const round = (x: number, decimals = 2): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Whether `value` keeps the budget; a missing figure fails. */
export const keeps = (budget: Budget, value: number | undefined): boolean => {
  if (value === undefined || !Number.isFinite(value)) return false;
  if (budget.max !== undefined && value > budget.max) return false;
  if (budget.min !== undefined && value < budget.min) return false;
  return true;
};

/**
 * Prints the human-readable line(s) and then the JSON object on a line of its own, with the machine's
 * one-minute load average: on a shared machine a figure means little without it.
 */
export const emit = (human: string | readonly string[], result: BenchResult): void => {
  for (const line of typeof human === 'string' ? [human] : human) process.stdout.write(`${line}\n`);
  process.stdout.write(`${JSON.stringify({ ...result, loadAvg1m: round(loadavg()[0] ?? 0) })}\n`);
};

export const verdict = (pass: boolean | null): string =>
  pass === null ? 'no budget' : pass ? 'PASS' : 'FAIL';
