import { createHash } from 'node:crypto';
import type { RandomSource } from './random.js';

/** A deterministic RandomSource for tests and simulations: SHA-256 in counter mode over a seed. */
export const seededRandom = (seed: string): RandomSource => {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return {
    bytes(n: number): Uint8Array {
      while (pool.length < n) {
        const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
        pool = Buffer.concat([pool, block]);
      }
      const out = pool.subarray(0, n);
      pool = pool.subarray(n);
      return new Uint8Array(out);
    },
  };
};

/** Replays the given bytes, then repeats them: to force collisions in tests. */
export const scriptedRandom = (bytes: readonly number[]): RandomSource => {
  let i = 0;
  return {
    bytes: (n) => Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length] ?? 0),
  };
};
