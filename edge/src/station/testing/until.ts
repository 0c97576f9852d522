import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `condition` holds; fails with what it waited for after `timeoutMs`. */
export const until = async (
  condition: () => boolean,
  what = 'condition',
  timeoutMs = 5000,
): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
};
