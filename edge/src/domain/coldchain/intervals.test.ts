import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossingMs, shareOfInterval } from './intervals.js';

// Readings in millidegrees: finer than any probe (the DS18B20 resolves 1/16 °C), and free of the
// subnormal doubles (5e-324) that made the split property fail on rounding alone.
const celsius = fc.integer({ min: -40_000, max: 40_000 }).map((n) => n / 1000);

describe('shareOfInterval', () => {
  it('never counts more than the interval, and splits it into measured or unknown time', () => {
    fc.assert(
      fc.property(celsius, celsius, fc.integer({ min: 1, max: 600_000 }), celsius, (a, b, dt, limit) => {
        const share = shareOfInterval({ atMs: 0, celsius: a }, { atMs: dt, celsius: b }, limit, 60_000);
        expect(share.aboveMs).toBeGreaterThanOrEqual(0);
        expect(share.aboveMs).toBeLessThanOrEqual(dt + 1e-6);
        expect(share.atRiskMs).toBeLessThanOrEqual(share.unknownMs);
        expect(share.unknownMs === 0 || share.aboveMs === 0).toBe(true);
        expect(share.unknownMs).toBe(dt > 60_000 ? dt : 0);
      }),
    );
  });

  it('splitting a straight line at any point does not change the time above', () => {
    fc.assert(
      fc.property(
        celsius,
        celsius,
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        celsius,
        (a, b, f, limit) => {
          const whole = shareOfInterval({ atMs: 0, celsius: a }, { atMs: 10_000, celsius: b }, limit, 60_000);
          const mid = { atMs: f * 10_000, celsius: a + f * (b - a) };
          const left = shareOfInterval({ atMs: 0, celsius: a }, mid, limit, 60_000);
          const right = shareOfInterval(mid, { atMs: 10_000, celsius: b }, limit, 60_000);
          expect(left.aboveMs + right.aboveMs).toBeCloseTo(whole.aboveMs, 3);
        },
      ),
    );
  });

  it('a gap is unknown, and at risk when either end was above the limit', () => {
    const gap = (a: number | null, b: number | null) =>
      shareOfInterval({ atMs: 0, celsius: a }, { atMs: 600_000, celsius: b }, 7, 60_000);
    expect(gap(4, 4)).toEqual({ aboveMs: 0, unknownMs: 600_000, atRiskMs: 0 });
    expect(gap(9, 4)).toEqual({ aboveMs: 0, unknownMs: 600_000, atRiskMs: 600_000 });
    expect(gap(4, 9).atRiskMs).toBe(600_000);
    expect(gap(null, null).atRiskMs).toBe(0);
  });

  it('finds the moment a line crosses the limit', () => {
    expect(crossingMs({ atMs: 0, celsius: -20 }, { atMs: 10_000, celsius: -10 }, -12)).toBe(8000);
  });
});
