import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff.js';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('webhook retry backoff', () => {
  it('doubles per attempt up to the cap, and jitter stays within half of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(30, policy, () => 1)).toBe(60_000);
    expect(backoffMs(30, policy, () => 0)).toBe(30_000);
  });
});
