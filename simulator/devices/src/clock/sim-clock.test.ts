import { describe, expect, it } from 'vitest';
import { SimClock } from './sim-clock.js';

describe('SimClock', () => {
  it('runs `speed` times faster than real time from the chosen start', async () => {
    const clock = new SimClock({ speed: 600, start: '2026-06-01T06:00:00Z' });
    const before = clock.nowMs();
    expect(before - Date.parse('2026-06-01T06:00:00Z')).toBeLessThan(60_000);
    await clock.sleep(60_000); // one simulated minute = 100 real ms
    const elapsed = clock.nowMs() - before;
    expect(elapsed).toBeGreaterThanOrEqual(59_000);
    expect(elapsed).toBeLessThan(60_000 * 20);
  });

  it('is rebuilt identically from its params in another process', () => {
    const a = new SimClock({ speed: 60, start: '2026-06-01T06:00:00Z' });
    const b = new SimClock(a.params);
    expect(Math.abs(a.nowMs() - b.nowMs())).toBeLessThan(60 * 50);
    expect(Math.abs(a.monotonicMs() - b.monotonicMs())).toBeLessThan(60 * 50);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => new SimClock({ speed: 0 })).toThrow(RangeError);
  });
});
