import { describeCommandStore } from '../test-support/command-store-contract.js';
import { tempDatabase } from '../test-support/temp-db.js';
import { SqliteCommandStore } from './command-store.js';

describeCommandStore({
  name: 'SQLite',
  open: async () => {
    const tmp = tempDatabase();
    return { store: new SqliteCommandStore(tmp.db), dispose: () => tmp.dispose() };
  },
});
