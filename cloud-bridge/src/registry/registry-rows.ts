import type BetterSqlite3 from 'better-sqlite3';
import { withStatementCache } from '../store/statement-cache.js';
import { migrateRegistry } from './migrations.js';

export interface StationSecretRow {
  readonly station_id: string;
  readonly password_hash: string;
  readonly mosquitto_hash: string;
  /** sealed or plain, see command-key-vault.ts */
  readonly command_key: string;
  readonly generation: number;
  readonly created_at: string;
  readonly rotated_at: string;
}

export interface ServiceUserRow {
  readonly username: string;
  readonly password_hash: string;
  readonly mosquitto_hash: string;
  readonly created_at: string;
  readonly rotated_at: string;
}

/**
 * Where the registry keeps its rows. Reads are synchronous because the broker asks them on every
 * publish (is this session's secret still current?); writes are asynchronous because a server
 * database answers later. The SQLite rows read the file; the PostgreSQL rows read a copy in memory
 * that every instance refreshes when any instance changes the registry.
 */
export interface RegistryRows {
  station(stationId: string): StationSecretRow | undefined;
  /** ordered by station id */
  stations(): StationSecretRow[];
  serviceUser(username: string): ServiceUserRow | undefined;
  /** ordered by username */
  serviceUsers(): ServiceUserRow[];
  /** false when the station exists already */
  insertStation(row: Omit<StationSecretRow, 'generation'>): Promise<boolean>;
  /** new secrets, generation + 1; false when there is no such station */
  rotateStation(
    stationId: string,
    secret: Pick<StationSecretRow, 'password_hash' | 'mosquitto_hash' | 'command_key' | 'rotated_at'>,
  ): Promise<boolean>;
  deleteStation(stationId: string): Promise<boolean>;
  /** creates the user, or replaces its hashes and rotated_at */
  upsertServiceUser(row: ServiceUserRow): Promise<void>;
  deleteServiceUser(username: string): Promise<boolean>;
}

/** The registry's tables in the bridge's SQLite file. */
export class SqliteRegistryRows implements RegistryRows {
  private readonly db: BetterSqlite3.Database;

  constructor(db: BetterSqlite3.Database, nowIso: () => string) {
    migrateRegistry(db, nowIso);
    this.db = withStatementCache(db);
  }

  station(stationId: string): StationSecretRow | undefined {
    return this.db.prepare('SELECT * FROM registry_stations WHERE station_id = ?').get(stationId) as
      | StationSecretRow
      | undefined;
  }

  stations(): StationSecretRow[] {
    return this.db.prepare('SELECT * FROM registry_stations ORDER BY station_id').all() as StationSecretRow[];
  }

  serviceUser(username: string): ServiceUserRow | undefined {
    return this.db.prepare('SELECT * FROM registry_service_users WHERE username = ?').get(username) as
      | ServiceUserRow
      | undefined;
  }

  serviceUsers(): ServiceUserRow[] {
    return this.db
      .prepare('SELECT * FROM registry_service_users ORDER BY username')
      .all() as ServiceUserRow[];
  }

  async insertStation(r: Omit<StationSecretRow, 'generation'>): Promise<boolean> {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO registry_stations (station_id, password_hash, mosquitto_hash, command_key, created_at, rotated_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(r.station_id, r.password_hash, r.mosquitto_hash, r.command_key, r.created_at, r.rotated_at)
        .changes > 0
    );
  }

  async rotateStation(
    stationId: string,
    s: Pick<StationSecretRow, 'password_hash' | 'mosquitto_hash' | 'command_key' | 'rotated_at'>,
  ): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE registry_stations SET password_hash = ?, mosquitto_hash = ?, command_key = ?, rotated_at = ?,
             generation = generation + 1
           WHERE station_id = ?`,
        )
        .run(s.password_hash, s.mosquitto_hash, s.command_key, s.rotated_at, stationId).changes > 0
    );
  }

  async deleteStation(stationId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM registry_stations WHERE station_id = ?').run(stationId).changes > 0;
  }

  async upsertServiceUser(r: ServiceUserRow): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO registry_service_users (username, password_hash, mosquitto_hash, created_at, rotated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,
           mosquitto_hash = excluded.mosquitto_hash, rotated_at = excluded.rotated_at`,
      )
      .run(r.username, r.password_hash, r.mosquitto_hash, r.created_at, r.rotated_at);
  }

  async deleteServiceUser(username: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM registry_service_users WHERE username = ?').run(username).changes > 0;
  }
}
