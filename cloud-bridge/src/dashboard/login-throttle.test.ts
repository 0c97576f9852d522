import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { LoginThrottle } from './login-throttle.js';

describe('login throttle', () => {
  it('lets an address try again only once its oldest counted failure left the window', () => {
    const clock = new ManualClock();
    const throttle = new LoginThrottle({ clock, maxFailures: 3, windowMs: 60_000 });
    throttle.failed('10.0.0.7');
    clock.advance(20_000);
    throttle.failed('10.0.0.7');
    throttle.failed('10.0.0.7');
    expect(throttle.retryAfterMs('10.0.0.7')).toBe(40_000);
    expect(throttle.retryAfterMs('10.0.0.8')).toBe(0);
    clock.advance(40_000);
    expect(throttle.retryAfterMs('10.0.0.7')).toBe(0);
    // Two failures are still inside the window: one more locks again.
    throttle.failed('10.0.0.7');
    expect(throttle.retryAfterMs('10.0.0.7')).toBe(20_000);
  });

  it('forgets the failures of an address that logged in', () => {
    const clock = new ManualClock();
    const throttle = new LoginThrottle({ clock, maxFailures: 2, windowMs: 60_000 });
    throttle.failed('10.0.0.7');
    throttle.succeeded('10.0.0.7');
    throttle.failed('10.0.0.7');
    expect(throttle.retryAfterMs('10.0.0.7')).toBe(0);
  });
});
