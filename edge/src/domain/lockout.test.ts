import { describe, expect, it } from 'vitest';
import { StationConfig } from '../config/schema.js';
import {
  checkLockout,
  guessProbabilityPerYear,
  INITIAL_LOCKOUT,
  type LockoutPolicy,
  type LockoutState,
  maxGuessesPerYear,
  recordFailure,
  YEAR_MS,
} from './lockout.js';

const policy: LockoutPolicy = {
  freeAttempts: 5,
  baseDelaySeconds: 5,
  maxDelaySeconds: 300,
  forgetAfterMinutes: 60,
};

const failTimes = (n: number, start: LockoutState = INITIAL_LOCKOUT, at = 0) => {
  let state = start;
  const results = [];
  for (let i = 0; i < n; i++) {
    const r = recordFailure(policy, state, Math.max(at, state.lockedUntil));
    results.push(r);
    state = r.state;
  }
  return { state, results };
};

describe('keypad back-off', () => {
  it('counts down the free tries, then backs off exponentially', () => {
    const { results } = failTimes(9);
    expect(results.map((r) => r.triesLeft)).toEqual([4, 3, 2, 1, 0, 0, 0, 0, 0]);
    expect(results.map((r) => r.lockedForMs / 1000)).toEqual([0, 0, 0, 0, 5, 10, 20, 40, 80]);
  });

  it('is capped so a prankster cannot lock customers out for long', () => {
    const { results } = failTimes(30);
    expect(Math.max(...results.map((r) => r.lockedForMs))).toBe(300_000);
  });

  it('refuses codes while locked and says for how long', () => {
    const { state } = failTimes(6);
    const now = state.lastFailureAt! + 4_000;
    expect(checkLockout(state, now)).toEqual({ allowed: false, retryAfterMs: 6_000 });
    expect(checkLockout(state, state.lockedUntil)).toEqual({ allowed: true });
  });

  it('forgets wrong codes after a quiet hour, not before', () => {
    const { state } = failTimes(7);
    const almost = recordFailure(policy, state, state.lastFailureAt! + 59 * 60_000);
    expect(almost.attempts).toBe(8);
    const later = recordFailure(policy, state, state.lastFailureAt! + 60 * 60_000);
    expect(later.attempts).toBe(1);
    expect(later.lockedForMs).toBe(0);
  });
});

/** Plays an attacker against the real back-off for a simulated year and counts the guesses. */
const simulateAttacker = (p: LockoutPolicy, waitToForget: boolean): number => {
  let state = INITIAL_LOCKOUT;
  let now = 0;
  let guesses = 0;
  while (now < YEAR_MS) {
    const check = checkLockout(state, now);
    if (!check.allowed) {
      const wait =
        waitToForget && state.lastFailureAt !== null
          ? state.lastFailureAt + p.forgetAfterMinutes * 60_000
          : 0;
      now = Math.max(now + check.retryAfterMs, wait);
      continue;
    }
    state = recordFailure(p, state, now).state;
    guesses++;
  }
  return guesses;
};

describe('the guessing arithmetic (edge/SECURITY.md)', () => {
  const defaults = StationConfig.parse({
    stationId: 's',
    dataDir: '/tmp',
    compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'S', zone: 'ambient' }],
    hardware: { driver: 'simulated' },
    mqtt: { url: 'mqtt://127.0.0.1' },
  }).codes;
  const shortest = Math.min(
    defaults.pinDigits,
    defaults.loadingCodeDigits,
    defaults.retrievalCodeDigits,
    defaults.serviceCodeDigits,
  );

  it('the bound covers an attacker who guesses the moment each back-off ends', () => {
    const guesses = simulateAttacker(defaults.lockout, false);
    expect(guesses).toBeGreaterThan(100_000);
    expect(guesses).toBeLessThanOrEqual(maxGuessesPerYear(defaults.lockout));
  });

  it('the bound covers an attacker who waits for the failures to be forgotten', () => {
    expect(simulateAttacker(defaults.lockout, true)).toBeLessThanOrEqual(maxGuessesPerYear(defaults.lockout));
  });

  it('defaults keep the chance of opening any compartment by guessing below 1 in 1,000 per year with 48 active codes', () => {
    const p = guessProbabilityPerYear(defaults.lockout, 48, shortest);
    expect(p).toBeLessThan(1 / 1000);
  });

  it('the design notes’ counterexample is indeed unsafe: 6 digits, 50 codes, one guess an hour', () => {
    const hourly: LockoutPolicy = {
      freeAttempts: 1,
      baseDelaySeconds: 3600,
      maxDelaySeconds: 3600,
      forgetAfterMinutes: 1440,
    };
    expect(guessProbabilityPerYear(hourly, 50, 6)).toBeGreaterThan(0.4);
  });

  it('8 digits would need a back-off of hours, which is why the default is 10 digits', () => {
    expect(guessProbabilityPerYear(defaults.lockout, 48, 8)).toBeGreaterThan(1 / 1000);
  });
});
