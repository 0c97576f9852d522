import { randomBytes } from 'node:crypto';

/** Source of unpredictable bytes. Production uses the OS CSPRNG; tests inject a seeded one. */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

export const cryptoRandom: RandomSource = {
  bytes: (n) => randomBytes(n),
};

/** Uniform integer in [0, bound) without modulo bias, by rejection sampling 32-bit draws. */
export const randomInt = (random: RandomSource, bound: number): number => {
  if (!Number.isInteger(bound) || bound <= 0 || bound > 2 ** 32) throw new RangeError(`bad bound ${bound}`);
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (;;) {
    const b = random.bytes(4);
    const v = ((b[0] ?? 0) * 2 ** 24 + ((b[1] ?? 0) << 16) + ((b[2] ?? 0) << 8) + (b[3] ?? 0)) >>> 0;
    if (v < limit) return v % bound;
  }
};

/** A uniform draw in [0, 1) from the source: backoff jitter, where a draw is all that is needed. */
export const unitDraw =
  (random: RandomSource): (() => number) =>
  () =>
    randomInt(random, 2 ** 32) / 2 ** 32;
