import type { Db } from './database.js';

/**
 * The keypad back-off survives a restart, so pulling the plug does not reset it. Stored as durations
 * relative to the moment of writing: monotonic clock values mean nothing after a reboot, and wall
 * clock instants would let a clock jump lengthen or cancel the lock.
 */
export interface StoredLockout {
  readonly failures: number;
  readonly lockedRemainingMs: number;
  /** ms between the last wrong code and the write, or null when there was none */
  readonly sinceFailureMs: number | null;
  readonly writtenAt: string;
}

export class LockoutRepo {
  constructor(private readonly db: Db) {}

  load(): StoredLockout | null {
    const r = this.db
      .prepare(
        'SELECT failures, locked_remaining_ms, since_failure_ms, written_at FROM lockout_state WHERE id = 1',
      )
      .get() as
      | { failures: number; locked_remaining_ms: number; since_failure_ms: number | null; written_at: string }
      | undefined;
    return r
      ? {
          failures: r.failures,
          lockedRemainingMs: r.locked_remaining_ms,
          sinceFailureMs: r.since_failure_ms,
          writtenAt: r.written_at,
        }
      : null;
  }

  save(s: StoredLockout): void {
    this.db
      .prepare(
        `INSERT INTO lockout_state (id, failures, locked_remaining_ms, since_failure_ms, written_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locked_remaining_ms = excluded.locked_remaining_ms,
           since_failure_ms = excluded.since_failure_ms, written_at = excluded.written_at`,
      )
      .run(s.failures, s.lockedRemainingMs, s.sinceFailureMs, s.writtenAt);
  }
}
