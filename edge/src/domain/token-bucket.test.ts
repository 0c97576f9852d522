import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('the service-open rate limit', () => {
  it('allows a burst, then one per refill interval, and says how long to wait', () => {
    const bucket = new TokenBucket({ burst: 3, refillMs: 60_000 });
    expect([0, 1, 2].map(() => bucket.take(0))).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(60_000);
    expect(bucket.take(30_000)).toBe(30_000);
    expect(bucket.take(60_000)).toBe(0);
    expect(bucket.take(60_000)).toBe(60_000);
  });

  it('never holds more than its burst however long it rested', () => {
    const bucket = new TokenBucket({ burst: 2, refillMs: 1_000 });
    bucket.take(0);
    expect([bucket.take(10_000_000), bucket.take(10_000_000), bucket.take(10_000_000)]).toEqual([
      0, 0, 1_000,
    ]);
  });

  it('is not refilled by time running backwards', () => {
    const bucket = new TokenBucket({ burst: 1, refillMs: 1_000 });
    expect(bucket.take(5_000)).toBe(0);
    expect(bucket.take(1_000)).toBeGreaterThan(0);
    expect(bucket.take(5_500)).toBe(500);
  });
});
