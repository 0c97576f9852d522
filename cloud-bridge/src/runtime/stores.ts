import type { Clock } from '../clock.js';
import type { CommandStore } from '../commands/command-store.js';
import { SqliteCommandStore } from '../commands/command-store.js';
import type { BridgeConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { loadOrCreateMasterKey, StationRegistry } from '../registry/index.js';
import { openBridgeDatabase } from '../store/database.js';
import type { FleetStore } from '../store/fleet-store.js';
import { PgCommandStore } from '../store/postgres/command-store.js';
import { PgDatabase } from '../store/postgres/pg-database.js';
import { PgFleetStore } from '../store/postgres/pg-fleet-store.js';
import { PgRegistryRows } from '../store/postgres/registry-rows.js';
import { PgWebhookOutbox } from '../store/postgres/webhook-outbox.js';
import { SqliteFleetStore } from '../store/sqlite/sqlite-fleet-store.js';
import { SqliteWebhookOutbox, type WebhookOutbox } from '../webhooks/webhook-store.js';

/** Everything the bridge keeps, on one engine. */
export interface BridgeStores {
  readonly registry: StationRegistry;
  readonly store: FleetStore;
  readonly commandStore: CommandStore;
  readonly outbox: WebhookOutbox;
  /** set when the stores live in PostgreSQL, shared with other bridge instances (LISTEN/NOTIFY) */
  readonly postgres: PgDatabase | undefined;
  close(): Promise<void>;
}

type Location = Pick<BridgeConfig, 'database' | 'registry'>;

const masterKeyOf = (location: Location) =>
  location.registry.masterKeyFile
    ? { masterKey: loadOrCreateMasterKey(location.registry.masterKeyFile) }
    : {};

/**
 * PostgreSQL when `database.url` is set (every instance with the same URL shares everything),
 * else the SQLite file `database.file` (one instance).
 */
export const openStores = async (
  config: Pick<BridgeConfig, 'database' | 'registry' | 'history'>,
  clock: Clock,
  logger: Logger,
): Promise<BridgeStores> => {
  const options = { clock, ...masterKeyOf(config) };
  const historyBucketSeconds = config.history.bucketSeconds;
  if (config.database.url) {
    const pg = await PgDatabase.open(config.database.url, { logger, poolSize: config.database.poolSize });
    try {
      const rows = await PgRegistryRows.open(pg);
      return {
        registry: new StationRegistry(rows, options),
        store: new PgFleetStore(pg, { historyBucketSeconds }),
        commandStore: new PgCommandStore(pg),
        outbox: new PgWebhookOutbox(pg),
        postgres: pg,
        close: async () => {
          await rows.close();
          await pg.close();
        },
      };
    } catch (err) {
      await pg.close();
      throw err;
    }
  }
  const db = openBridgeDatabase(config.database.file);
  return {
    registry: new StationRegistry(db, options),
    store: new SqliteFleetStore(db, { historyBucketSeconds }),
    commandStore: new SqliteCommandStore(db),
    outbox: new SqliteWebhookOutbox(db),
    postgres: undefined,
    close: async () => {
      db.close();
    },
  };
};

/** Only the registry (the `stations` commands), where the bridge with the same config keeps it. */
export const openRegistry = async (
  location: Location,
): Promise<{ registry: StationRegistry; close(): Promise<void> }> => {
  if (location.database.url) {
    const pg = await PgDatabase.open(location.database.url, { poolSize: 2 });
    const rows = await PgRegistryRows.open(pg, { refreshMs: 0 });
    return {
      registry: new StationRegistry(rows, masterKeyOf(location)),
      close: async () => {
        await rows.close();
        await pg.close();
      },
    };
  }
  const db = openBridgeDatabase(location.database.file);
  return {
    registry: new StationRegistry(db, masterKeyOf(location)),
    close: async () => {
      db.close();
    },
  };
};
