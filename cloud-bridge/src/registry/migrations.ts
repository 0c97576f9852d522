import type BetterSqlite3 from 'better-sqlite3';

export interface RegistryMigration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

/**
 * Append only: never edit a migration that has shipped. The registry keeps its own version table so
 * that it can share the bridge's SQLite file with the fleet store without coordinating version numbers.
 */
export const REGISTRY_MIGRATIONS: readonly RegistryMigration[] = [
  {
    version: 1,
    name: 'stations and service users',
    up: `
      CREATE TABLE registry_stations (
        station_id     TEXT PRIMARY KEY,
        password_hash  TEXT NOT NULL,
        mosquitto_hash TEXT NOT NULL,
        command_key    TEXT NOT NULL,
        generation     INTEGER NOT NULL DEFAULT 1,
        created_at     TEXT NOT NULL,
        rotated_at     TEXT NOT NULL
      ) STRICT;
      CREATE TABLE registry_service_users (
        username       TEXT PRIMARY KEY,
        password_hash  TEXT NOT NULL,
        mosquitto_hash TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        rotated_at     TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export const migrateRegistry = (db: BetterSqlite3.Database, clockIso: () => string): void => {
  db.exec(
    'CREATE TABLE IF NOT EXISTS registry_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare('SELECT version FROM registry_schema_migrations')
      .all()
      .map((r) => (r as { version: number }).version),
  );
  for (const m of [...REGISTRY_MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO registry_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        clockIso(),
      );
    })();
  }
};
