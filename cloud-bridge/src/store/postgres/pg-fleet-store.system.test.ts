import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFleetStore } from '../../test-support/fleet-store-contract.js';
import { eventMessage } from '../../test-support/messages.js';
import { type RunningPostgres, startPostgres } from '../../test-support/postgres.js';
import { PgDatabase } from './pg-database.js';
import { PgFleetStore } from './pg-fleet-store.js';

let cluster: RunningPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

describeFleetStore({
  name: 'PostgreSQL',
  open: async ({ historyBucketSeconds }) => {
    const url = await cluster.createDatabase();
    let db = await PgDatabase.open(url);
    return {
      store: new PgFleetStore(db, { historyBucketSeconds }),
      rows: (table) => db.query(`SELECT * FROM ${table}`),
      reopen: async () => {
        await db.close();
        db = await PgDatabase.open(url);
        return new PgFleetStore(db, { historyBucketSeconds });
      },
      dispose: () => db.close(),
    };
  },
});

describe('two bridge instances on one PostgreSQL database', () => {
  it('store each station event exactly once, however the deliveries are spread and repeated', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([PgDatabase.open(url), PgDatabase.open(url)]);
    try {
      const one = new PgFleetStore(a!);
      const two = new PgFleetStore(b!);
      const now = new Date('2026-01-01T08:00:00.000Z');
      const stations = ['hof-1', 'hof-2', 'hof-3'];
      const events = stations.flatMap((s) =>
        Array.from({ length: 40 }, (_, i) =>
          eventMessage(s, i + 1, { type: 'compartment.door', compartment: 1, open: i % 2 === 0 }),
        ),
      );
      // every event reaches both instances (a redelivery after a crash), in parallel
      const outcomes = await Promise.all(
        events.flatMap((e) => [one.recordEvent(e, now), two.recordEvent(e, now)]),
      );
      expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(events.length);
      expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(events.length);
      const [count] = await a!.query<{ n: number; ids: number }>(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM fleet_events',
      );
      expect(count).toEqual({ n: events.length, ids: events.length });
      for (const s of stations) expect((await two.getStation(s))?.lastSeq).toBe(40);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
    }
  });
});
