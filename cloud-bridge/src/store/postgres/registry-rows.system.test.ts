import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryError } from '../../registry/errors.js';
import { StationRegistry } from '../../registry/station-registry.js';
import { type RunningPostgres, startPostgres } from '../../test-support/postgres.js';
import { until } from '../../test-support/until.js';
import { PgDatabase } from './pg-database.js';
import { PgRegistryRows } from './registry-rows.js';

let cluster: RunningPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

const masterKey = randomBytes(32);

/** a bridge instance's registry on the shared database; the periodic reload is off to prove NOTIFY */
const instance = async (url: string) => {
  const db = await PgDatabase.open(url);
  const rows = await PgRegistryRows.open(db, { refreshMs: 0 });
  return {
    registry: new StationRegistry(rows, { masterKey }),
    close: async () => {
      await rows.close();
      await db.close();
    },
  };
};

describe('the station registry shared by two bridge instances in PostgreSQL', () => {
  it('a station added, rotated or removed on one instance is seen the same way on the other', async () => {
    const url = await cluster.createDatabase();
    const [one, two] = await Promise.all([instance(url), instance(url)]);
    try {
      const creds = await one.registry.addStation('hof-1');
      expect(one.registry.hasStation('hof-1')).toBe(true); // at once on the instance that added it
      await until('instance two knows hof-1', () => two.registry.hasStation('hof-1'));
      expect(two.registry.commandKey('hof-1').toString('hex')).toBe(creds.commandKey);
      expect(await two.registry.verifyStation('hof-1', creds.password)).toBe(true);

      const rotated = await two.registry.rotateSecret('hof-1');
      await until('instance one has the new generation', () => one.registry.secretGeneration('hof-1') === 2);
      expect(one.registry.commandKey('hof-1').toString('hex')).toBe(rotated.commandKey);
      expect(await one.registry.verifyStation('hof-1', creds.password)).toBe(false);

      const service = await one.registry.issueServiceUser('regiobox_bridge2');
      await until('instance two knows the service user', () => two.registry.listServiceUsers().length === 1);
      expect(await two.registry.verifyServiceUser('regiobox_bridge2', service.password)).toBe(true);

      await two.registry.removeStation('hof-1');
      await until('instance one forgot hof-1', () => !one.registry.hasStation('hof-1'));
      expect(one.registry.mosquittoUsers().map((u) => u.username)).toEqual(['regiobox_bridge2']);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('registers a station once when both instances add it at the same moment', async () => {
    const url = await cluster.createDatabase();
    const [one, two] = await Promise.all([instance(url), instance(url)]);
    try {
      const results = await Promise.allSettled([
        one.registry.addStation('hof-2'),
        two.registry.addStation('hof-2'),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected');
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(RegistryError);
      expect(((refused as PromiseRejectedResult).reason as RegistryError).code).toBe('STATION_EXISTS');
      const won = (
        results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ commandKey: string }>
      ).value;
      await until(
        'both agree on the key',
        () => two.registry.hasStation('hof-2') && one.registry.hasStation('hof-2'),
      );
      expect(one.registry.commandKey('hof-2').toString('hex')).toBe(won.commandKey);
      expect(two.registry.commandKey('hof-2').toString('hex')).toBe(won.commandKey);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
