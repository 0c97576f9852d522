import type pg from 'pg';

export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

/** Any fixed number: every bridge instance takes the same lock before it migrates. */
const MIGRATION_LOCK = 0x7265_6769; // 'regi'

/**
 * Applies the migrations not yet recorded in `bridge_migrations`, oldest first, each in its own
 * transaction together with its record. An advisory lock (held on one connection for the whole run)
 * makes instances that start at the same moment take turns: the second finds everything applied.
 */
export const migratePostgres = async (
  pool: pg.Pool,
  migrations: readonly PgMigration[],
): Promise<number[]> => {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS bridge_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM bridge_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.up);
          await client.query('INSERT INTO bridge_migrations (version, name) VALUES ($1, $2)', [
            m.version,
            m.name,
          ]);
          await client.query('COMMIT');
          applied.push(m.version);
        } catch (err) {
          await client.query('ROLLBACK');
          throw new PgMigrationError(m, err);
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
};

export class PgMigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  constructor(m: PgMigration, cause: unknown) {
    super(`PostgreSQL migration ${m.version} (${m.name}) failed: ${(cause as Error).message}`, { cause });
    this.name = 'PgMigrationError';
  }
}
