import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCommandStore, queuedCommand } from '../../test-support/command-store-contract.js';
import { type RunningPostgres, startPostgres } from '../../test-support/postgres.js';
import { PgCommandStore } from './command-store.js';
import { PgDatabase } from './pg-database.js';

let cluster: RunningPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

describeCommandStore({
  name: 'PostgreSQL',
  open: async () => {
    const db = await PgDatabase.open(await cluster.createDatabase());
    return { store: new PgCommandStore(db), dispose: () => db.close() };
  },
});

describe('the command outbox shared by two bridge instances', () => {
  it('expires each command on one instance only, and hands kept codes to one asker only', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([PgDatabase.open(url), PgDatabase.open(url)]);
    try {
      const one = new PgCommandStore(a!);
      const two = new PgCommandStore(b!);
      for (let i = 0; i < 50; i++)
        await one.insert(queuedCommand(`cmd-${String(i).padStart(3, '0')}`, i, 10));
      const due = new Date(Date.parse('2026-01-01T09:00:00.000Z'));
      const [x, y] = await Promise.all([one.expireDue(due), two.expireDue(due)]);
      const ids = [...x!, ...y!].map((c) => c.id).sort();
      expect(ids).toHaveLength(50);
      expect(new Set(ids).size).toBe(50);

      await one.insert(queuedCommand('cmd-codes', 100, 3600, 'reserve', 'o-9'));
      await one.markReplied(
        'cmd-codes',
        {
          v: 1,
          commandId: 'cmd-codes',
          stationId: 'dorfladen-1',
          at: due.toISOString(),
          ok: true,
          result: {},
        },
        due,
        '{"pickupPin":"1"}',
      );
      const taken = await Promise.all([
        one.takeUndeliveredResult('cmd-codes'),
        two.takeUndeliveredResult('cmd-codes'),
      ]);
      expect(taken.filter((r) => r !== null)).toEqual(['{"pickupPin":"1"}']);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
    }
  });
});
