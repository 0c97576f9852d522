import { setTimeout as sleep } from 'node:timers/promises';

export class BenchTimeoutError extends Error {
  readonly code = 'BENCH_TIMEOUT';
  constructor(what: string, ms: number) {
    super(`${what} did not happen within ${ms} ms`);
    this.name = 'BenchTimeoutError';
  }
}

/** Polls `check` until it returns something other than undefined/false, or fails after `ms`. */
export const until = async <T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 10_000,
  everyMs = 5,
): Promise<T> => {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new BenchTimeoutError(what, ms);
    await sleep(everyMs);
  }
};
