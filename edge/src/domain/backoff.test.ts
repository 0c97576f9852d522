import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, jittered, RETRY_POLICIES } from './backoff.js';

const DEFAULT_BACKOFF = RETRY_POLICIES.brokerRefused;

describe('the station retry policy', () => {
  it('stays between 1 s and 60 s for any attempt and any random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, r) => {
          const d = backoffDelay(attempt, () => r, DEFAULT_BACKOFF);
          return d >= 1_000 && d <= 60_000;
        },
      ),
    );
  });

  it('doubles its window with each failed attempt until the cap', () => {
    const low = (n: number) => backoffDelay(n, () => 0, DEFAULT_BACKOFF);
    const high = (n: number) => backoffDelay(n, () => 1, DEFAULT_BACKOFF);
    expect([0, 1, 2, 3, 4, 5, 6, 9].map(high)).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect([0, 1, 2, 5, 9].map(low)).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
  });

  it('spreads a fleet that lost its broker at the same moment', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 500 }, () => backoffDelay(6, random, DEFAULT_BACKOFF));
    const perSecond = new Map<number, number>();
    for (const d of delays)
      perSecond.set(Math.floor(d / 1_000), (perSecond.get(Math.floor(d / 1_000)) ?? 0) + 1);
    // 500 stations over the 30 s window: no second gets more than a small share of them.
    expect(Math.max(...perSecond.values())).toBeLessThan(50);
    expect(perSecond.size).toBeGreaterThanOrEqual(28);
  });

  it('greets a silent board at least once a second however long it was away, so it is back within 3 s of answering', () => {
    const backoff = new Backoff(RETRY_POLICIES.board, () => 1);
    const delays = Array.from({ length: 200 }, () => backoff.next());
    expect(Math.max(...delays)).toBe(1_000);
    expect(delays.slice(0, 3)).toEqual([500, 1_000, 1_000]);
  });

  it('starts again from the shortest delay after a success', () => {
    const backoff = new Backoff(RETRY_POLICIES.brokerAttempt, () => 0);
    for (let i = 0; i < 10; i++) backoff.next();
    expect(backoff.attempts).toBe(10);
    backoff.reset();
    expect(backoff.next()).toBe(RETRY_POLICIES.brokerAttempt.minMs);
  });

  it('draws probe intervals from the upper half, never longer than the interval', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (r) => {
        const d = jittered(1_000, () => r);
        return d >= 500 && d <= 1_000;
      }),
    );
  });
});
