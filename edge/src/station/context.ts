import type { EventBody } from '@regiobox/contract';
import type { Logger } from 'pino';
import { DomainError } from '../domain/errors.js';
import { type CoreStore, createCoreStore } from '../store/core-store.js';
import { durably, StorageError } from '../store/database.js';
import type { StationDeps } from './deps.js';
import { StationEvents } from './events.js';

const isSqliteError = (err: unknown): boolean => {
  if (!(err instanceof Error)) return false;
  const code: unknown = (err as Error & { code?: unknown }).code;
  return err.name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'));
};

/** What every part of the station service shares: store, deps, the event bus and the one way to commit. */
export class StationContext {
  readonly store: CoreStore;
  readonly events: StationEvents;
  readonly log: Logger;

  constructor(readonly deps: StationDeps) {
    // codes.issued carries clear codes through the outbox; once delivered and deleted, their bytes
    // must not linger in free pages of the file, so deleted content is overwritten.
    deps.db.pragma('secure_delete = ON');
    this.store = createCoreStore(deps.db);
    this.log = deps.logger.child({ component: 'station' });
    this.events = deps.events ?? new StationEvents(this.log);
  }

  get config() {
    return this.deps.config;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** What deadlines are judged by; `now()` stamps, this decides. Null: nothing counts as expired. */
  judgeNow(): Date | null {
    return this.deps.deadlines ? this.deps.deadlines.judgeNow() : this.now();
  }

  /**
   * Runs `fn` as one synchronous=FULL transaction: the state change and its outbox events commit
   * together or not at all. SQLite failures (disk full, read-only, locked) surface as StorageError.
   */
  commit<T>(fn: () => T): T {
    try {
      return durably(this.deps.db, fn);
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const storage =
        err instanceof StorageError
          ? err
          : isSqliteError(err)
            ? new StorageError(`storage failed: ${(err as Error).message}`, { cause: err })
            : null;
      if (!storage) throw err;
      // the monitor learns at once, so the kiosk and the status stop saying all is well
      this.events.notify({ type: 'storage_fault', error: storage, at: this.now() });
      throw storage;
    }
  }

  /** Appends an event to the outbox; call inside `commit`. */
  event(body: EventBody, at: Date = this.now()): void {
    this.deps.outbox.appendEvent(body, at);
  }
}
