import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BRIDGE_MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens the bridge database in WAL mode (readers never block the ingest) with `synchronous=NORMAL`:
 * the bridge survives its own crash without losing a commit, and what a power cut could lose the
 * stations still hold in their outboxes until they see a PUBACK.
 */
export const openBridgeDatabase = (
  file: string,
  migrations: readonly Migration[] = BRIDGE_MIGRATIONS,
): Db => {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
};

export const migrate = (db: Db, migrations: readonly Migration[]): void => {
  db.exec(
    'CREATE TABLE IF NOT EXISTS bridge_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM bridge_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO bridge_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
  }
};
