import { describeFleetStore } from '../../test-support/fleet-store-contract.js';
import { tempDatabase } from '../../test-support/temp-db.js';
import { openBridgeDatabase } from '../database.js';
import { SqliteFleetStore } from './sqlite-fleet-store.js';

describeFleetStore({
  name: 'SQLite',
  open: async ({ historyBucketSeconds }) => {
    const tmp = tempDatabase();
    let db = tmp.db;
    return {
      store: new SqliteFleetStore(db, { historyBucketSeconds }),
      rows: async (table) => db.prepare(`SELECT * FROM ${table}`).all(),
      reopen: async () => {
        db.close();
        db = openBridgeDatabase(tmp.file);
        return new SqliteFleetStore(db, { historyBucketSeconds });
      },
      dispose: () => {
        if (db.open) db.close();
        tmp.dispose();
      },
    };
  },
});
