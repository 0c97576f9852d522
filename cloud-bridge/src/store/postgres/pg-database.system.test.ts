import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPostgres, startPostgres } from '../../test-support/postgres.js';
import { until } from '../../test-support/until.js';
import { PgMigrationError } from './migrate.js';
import { PG_MIGRATIONS } from './migrations.js';
import { PgDatabase } from './pg-database.js';

let cluster: RunningPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('the PostgreSQL database of the bridge', () => {
  it('applies each migration once when several instances start at the same moment', async () => {
    const url = await cluster.createDatabase();
    const dbs = await Promise.all([1, 2, 3, 4].map(() => PgDatabase.open(url)));
    try {
      const rows = await dbs[0]!.query<{ version: number; n: number }>(
        'SELECT version, COUNT(*) AS n FROM bridge_migrations GROUP BY version ORDER BY version',
      );
      expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, n: 1 })));
      const tables = await dbs[1]!.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_name = 'hook_deliveries'",
      );
      expect(tables).toEqual([{ t: 'hook_deliveries' }]);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });

  it('a failing migration names itself, changes nothing, and the versions before it stay applied', async () => {
    const url = await cluster.createDatabase();
    const migrations = [
      { version: 1, name: 'good', up: 'CREATE TABLE good (x int)' },
      { version: 2, name: 'broken', up: 'CREATE TABLE half (x int); SELECT no_such_column FROM good' },
    ];
    const err = await PgDatabase.open(url, { migrations }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgMigrationError);
    expect((err as PgMigrationError).code).toBe('MIGRATION_FAILED');
    expect((err as Error).message).toMatch(/migration 2 \(broken\) failed/);
    const db = await PgDatabase.open(url, { migrations: migrations.slice(0, 1) });
    try {
      expect(await db.query('SELECT version FROM bridge_migrations')).toEqual([{ version: 1 }]);
      expect(await db.query("SELECT to_regclass('half') AS t")).toEqual([{ t: null }]);
    } finally {
      await db.close();
    }
  });

  it('a transaction that throws leaves nothing behind', async () => {
    const db = await PgDatabase.open(await cluster.createDatabase());
    try {
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO registry_service_users VALUES ('a_b', 'h', 'm', now(), now())");
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await db.query('SELECT username FROM registry_service_users')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('a notification from one instance reaches the listeners of every instance, also after a lost connection', async () => {
    const url = await cluster.createDatabase();
    const [one, two] = await Promise.all([PgDatabase.open(url), PgDatabase.open(url)]);
    try {
      const gotOne: string[] = [];
      const gotTwo: string[] = [];
      await one!.listen('regiobox_test', (p) => gotOne.push(p));
      const stop = await two!.listen('regiobox_test', (p) => gotTwo.push(p));
      await one!.notify('regiobox_test', 'reply:cmd-1');
      await until('both instances heard it', () => gotOne.length === 1 && gotTwo.length === 1);
      expect(gotTwo).toEqual(['reply:cmd-1']);

      let resumed = 0;
      two!.onReconnect(() => resumed++);
      await one!.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
      );
      await until('instance two listens again', () => resumed > 0, 15_000);
      await one!.notify('regiobox_test', 'reply:cmd-2');
      await until('instance two hears after reconnecting', () => gotTwo.includes('reply:cmd-2'), 15_000);

      await stop();
      await one!.notify('regiobox_test', 'reply:cmd-3');
      await until('instance one hears the third', () => gotOne.includes('reply:cmd-3'), 15_000);
      expect(gotTwo).not.toContain('reply:cmd-3');
    } finally {
      await Promise.all([one?.close(), two?.close()]);
    }
  });
});
