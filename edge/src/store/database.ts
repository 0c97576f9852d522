import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export class StorageError extends Error {
  readonly code = 'STORAGE_FAULT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

// SQLite's answers that mean "the disk or file cannot take this write now", not a bug in a statement
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|PERM|NOLFS|CORRUPT)/;

/** A raw SQLite failure of the disk as the StorageError (`STORAGE_FAULT`) callers can act on; else null. */
export const storageErrorOf = (err: unknown): StorageError | null => {
  if (err instanceof StorageError) return err;
  const code: unknown = (err as { code?: unknown } | null)?.code;
  if (!(err instanceof Error) || typeof code !== 'string' || !STORAGE_CODES.test(code)) return null;
  return new StorageError('the station cannot write to its disk; nothing was changed', { cause: err });
};

/** Runs a store operation; a disk failure surfaces as StorageError, anything else unchanged. */
export const storing = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (err) {
    throw storageErrorOf(err) ?? err;
  }
};

/**
 * Opens the station database in WAL mode. `synchronous=NORMAL` survives a process crash; the
 * transactions that open doors or change order state run through `durably`, which raises it to FULL
 * so that they also survive a power cut (SD cards are slow to fsync, so telemetry does not pay that).
 */
export const openDatabase = (file: string, migrations: readonly Migration[] = MIGRATIONS): Db => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // delivered outbox rows carried clear codes once; overwrite freed pages so none stays readable on disk
  db.pragma('secure_delete = ON');
  migrate(db, migrations);
  return db;
};

export const migrate = (db: Db, migrations: readonly Migration[]): void => {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((r) => (r as { version: number }).version),
  );
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const m of sorted) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
  }
};

/** Runs `fn` in one transaction with `synchronous=FULL`: for state that must survive a power cut. */
export const durably = <T>(db: Db, fn: () => T): T => {
  // nested: a savepoint of the outer transaction, which is durable already (SQLite refuses to change
  // the safety level inside a transaction)
  if (db.inTransaction) return db.transaction(fn)();
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
};
