import {
  checkLockout,
  type FailureResult,
  INITIAL_LOCKOUT,
  type LockoutCheck,
  type LockoutState,
  recordFailure,
} from '../domain/lockout.js';
import type { StationContext } from './context.js';

/**
 * The station-wide keypad back-off, on the monotonic clock (an NTP step neither lifts nor extends
 * it) and persisted as durations so that a restart does not reset it.
 */
export class KeypadLockout {
  private state: LockoutState = INITIAL_LOCKOUT;

  constructor(private readonly ctx: StationContext) {}

  /** Restores the state saved before the last shutdown; time spent down counts towards the lock. */
  restore(): void {
    const saved = this.ctx.store.lockout.load();
    if (!saved) return;
    const mono = this.ctx.deps.clock.monotonicMs();
    const downMs = Math.max(0, this.ctx.now().getTime() - new Date(saved.writtenAt).getTime());
    this.state = {
      failures: saved.failures,
      lastFailureAt: saved.sinceFailureMs === null ? null : mono - saved.sinceFailureMs - downMs,
      lockedUntil: mono + Math.max(0, saved.lockedRemainingMs - downMs),
    };
  }

  check(): LockoutCheck {
    return checkLockout(this.state, this.ctx.deps.clock.monotonicMs());
  }

  /** The effect of one more wrong code; `apply` makes it current, the caller persists it. */
  fail(): FailureResult {
    return recordFailure(this.ctx.config.codes.lockout, this.state, this.ctx.deps.clock.monotonicMs());
  }

  /** Applies a failure computed by `fail` once its commit succeeded. */
  apply(result: FailureResult): void {
    this.state = result.state;
  }
}
