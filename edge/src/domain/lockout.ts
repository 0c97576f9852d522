/**
 * Keypad back-off after wrong codes. The arithmetic (see edge/SECURITY.md): a guess succeeds with
 * probability ≈ activeCodes / 10^digits, so the policy must cap guesses per year; the cap on the
 * back-off bounds how long a prankster can keep legitimate customers out.
 */
export interface LockoutPolicy {
  readonly freeAttempts: number;
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
  readonly forgetAfterMinutes: number;
}

export interface LockoutState {
  readonly failures: number;
  /** time (ms on the caller's clock) of the last wrong code, or null */
  readonly lastFailureAt: number | null;
  readonly lockedUntil: number;
}

export const INITIAL_LOCKOUT: LockoutState = { failures: 0, lastFailureAt: null, lockedUntil: 0 };

export type LockoutCheck =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number };

export interface FailureResult {
  readonly state: LockoutState;
  readonly attempts: number;
  /** 0 while the free attempts last */
  readonly lockedForMs: number;
  /** wrong codes left before the keypad backs off */
  readonly triesLeft: number;
}

export const lockoutDelayMs = (policy: LockoutPolicy, failures: number): number => {
  if (failures < policy.freeAttempts) return 0;
  const exp = Math.min(failures - policy.freeAttempts, 30);
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** exp) * 1000;
};

export const checkLockout = (state: LockoutState, now: number): LockoutCheck =>
  now < state.lockedUntil ? { allowed: false, retryAfterMs: state.lockedUntil - now } : { allowed: true };

export const recordFailure = (policy: LockoutPolicy, state: LockoutState, now: number): FailureResult => {
  const forgotten =
    state.lastFailureAt !== null && now - state.lastFailureAt >= policy.forgetAfterMinutes * 60_000;
  const failures = (forgotten ? 0 : state.failures) + 1;
  const lockedForMs = lockoutDelayMs(policy, failures);
  return {
    state: { failures, lastFailureAt: now, lockedUntil: now + lockedForMs },
    attempts: failures,
    lockedForMs,
    triesLeft: Math.max(0, policy.freeAttempts - failures),
  };
};

export const YEAR_MS = 365 * 24 * 3_600_000;

/**
 * An upper bound on the codes any attacker can try in a year. Split the guesses into episodes that
 * the policy forgets between (a quiet gap of at least F = forgetAfter): an episode of k guesses spans
 * at least T(k) = d(1) + … + d(k−1) and is followed by F, so the total is at most
 * sup_k k / (T(k) + F) × (year + F). Past the ramp T grows by the cap per guess, so the supremum is
 * either reached on the ramp or is the limit 1 / cap.
 */
export const maxGuessesPerYear = (policy: LockoutPolicy): number => {
  const forgetMs = policy.forgetAfterMinutes * 60_000;
  const capMs = policy.maxDelaySeconds * 1000;
  let best = 1 / capMs;
  let spanMs = 0;
  for (let k = 1; ; k++) {
    best = Math.max(best, k / (spanMs + forgetMs));
    const d = lockoutDelayMs(policy, k);
    if (d >= capMs) break;
    spanMs += d;
  }
  return Math.ceil(best * (YEAR_MS + forgetMs));
};

/** Probability that guessing opens any compartment within a year (union bound). */
export const guessProbabilityPerYear = (policy: LockoutPolicy, activeCodes: number, digits: number): number =>
  Math.min(1, (maxGuessesPerYear(policy) * activeCodes) / 10 ** digits);
