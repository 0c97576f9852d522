import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { LoginThrottle } from './login-throttle.js';

const throttleWith = (maxFailures: number, maxFailuresPerAddress = 100) => {
  const clock = new ManualClock();
  return {
    clock,
    throttle: new LoginThrottle({ clock, maxFailures, maxFailuresPerAddress, windowMs: 60_000 }),
  };
};

describe('login throttle', () => {
  it('lets an account try again from an address only once its oldest counted failure left the window', () => {
    const { clock, throttle } = throttleWith(3);
    throttle.failed('mara', '10.0.0.7');
    clock.advance(20_000);
    throttle.failed('mara', '10.0.0.7');
    throttle.failed('mara', '10.0.0.7');
    expect(throttle.retryAfterMs('mara', '10.0.0.7')).toBe(40_000);
    clock.advance(40_000);
    expect(throttle.retryAfterMs('mara', '10.0.0.7')).toBe(0);
    // Two failures are still inside the window: one more locks again.
    throttle.failed('mara', '10.0.0.7');
    expect(throttle.retryAfterMs('mara', '10.0.0.7')).toBe(20_000);
  });

  it('five wrong passwords for one account leave another account at the same address free', () => {
    const { throttle } = throttleWith(5);
    for (let i = 0; i < 5; i += 1) throttle.failed('mara', '10.0.0.7');
    expect(throttle.retryAfterMs('mara', '10.0.0.7')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('jonas', '10.0.0.7')).toBe(0);
  });

  it('five wrong passwords from one address leave the same account free from another address', () => {
    const { throttle } = throttleWith(5);
    for (let i = 0; i < 5; i += 1) throttle.failed('mara', '10.0.0.7');
    expect(throttle.retryAfterMs('mara', '192.0.2.4')).toBe(0);
  });

  it('counts an account name without regard to case', () => {
    const { throttle } = throttleWith(2);
    throttle.failed('Mara', '10.0.0.7');
    throttle.failed('mara', '10.0.0.7');
    expect(throttle.retryAfterMs('MARA', '10.0.0.7')).toBeGreaterThan(0);
  });

  it('refuses an address that sprays many account names, once it passes the per-address limit', () => {
    const { throttle } = throttleWith(5, 8);
    for (let i = 0; i < 8; i += 1) throttle.failed(`name-${i}`, '10.0.0.7');
    expect(throttle.retryAfterMs('someone-else', '10.0.0.7')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('someone-else', '10.0.0.8')).toBe(0);
  });

  it('forgets the failures of an account that logged in from that address', () => {
    const { throttle } = throttleWith(2);
    throttle.failed('mara', '10.0.0.7');
    throttle.succeeded('mara', '10.0.0.7');
    throttle.failed('mara', '10.0.0.7');
    expect(throttle.retryAfterMs('mara', '10.0.0.7')).toBe(0);
  });
});
