import type { RegistryRows, ServiceUserRow, StationSecretRow } from '../../registry/registry-rows.js';
import type { PgDatabase } from './pg-database.js';

/** Every instance listens here; a change anywhere makes each reload the registry. */
export const REGISTRY_CHANNEL = 'regiobox_registry';

export interface PgRegistryRowsOptions {
  /** a reload even without a notification (one lost while reconnecting); default 30 s, 0: never */
  readonly refreshMs?: number;
}

/**
 * The registry in PostgreSQL with a copy in memory, so that the broker's checks on every publish
 * (is this station registered, is its secret current) and command signing stay synchronous and cost
 * no round trip. A change made by any instance is written to PostgreSQL, then announced with NOTIFY:
 * every instance (this one at once, others within a round trip) reads that row again. A notification
 * lost while the listening connection was down is made good by the reload after reconnecting and by
 * the periodic reload.
 */
export class PgRegistryRows implements RegistryRows {
  private byStation = new Map<string, StationSecretRow>();
  private byUser = new Map<string, ServiceUserRow>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private offReconnect: (() => void) | undefined;
  private loading: Promise<void> | undefined;
  private again = false;

  private constructor(private readonly db: PgDatabase) {}

  /** Loads the copy and starts following changes; `close()` stops following. */
  static async open(db: PgDatabase, options: PgRegistryRowsOptions = {}): Promise<PgRegistryRows> {
    const rows = new PgRegistryRows(db);
    rows.unlisten = await db.listen(REGISTRY_CHANNEL, (payload) => void rows.refresh(payload));
    rows.offReconnect = db.onReconnect(() => void rows.reload());
    await rows.reload();
    const every = options.refreshMs ?? 30_000;
    if (every > 0) {
      rows.timer = setInterval(() => void rows.reload(), every);
      rows.timer.unref();
    }
    return rows;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.offReconnect?.();
    await this.unlisten?.();
  }

  /** Reads both tables again; reloads asked for while one runs are folded into one more. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        const [stations, users] = await Promise.all([
          this.db.query<StationSecretRow>('SELECT * FROM registry_stations'),
          this.db.query<ServiceUserRow>('SELECT * FROM registry_service_users'),
        ]);
        this.byStation = new Map(stations.map((r) => [r.station_id, r]));
        this.byUser = new Map(users.map((r) => [r.username, r]));
      } while (this.again);
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** A notification names what changed (`s:<station>` or `u:<user>`): only that row is read again. */
  private async refresh(payload: string): Promise<void> {
    try {
      const [kind, key] = [payload.slice(0, 2), payload.slice(2)];
      if (kind === 's:') {
        const [row] = await this.db.query<StationSecretRow>(
          'SELECT * FROM registry_stations WHERE station_id = $1',
          [key],
        );
        if (row) this.byStation.set(key, row);
        else this.byStation.delete(key);
      } else if (kind === 'u:') {
        const [row] = await this.db.query<ServiceUserRow>(
          'SELECT * FROM registry_service_users WHERE username = $1',
          [key],
        );
        if (row) this.byUser.set(key, row);
        else this.byUser.delete(key);
      } else await this.reload();
      // a full reload running now may have read the tables before this change: let it read again
      if (this.loading) this.again = true;
    } catch {
      // the periodic reload makes it good
    }
  }

  station(stationId: string): StationSecretRow | undefined {
    return this.byStation.get(stationId);
  }

  stations(): StationSecretRow[] {
    return [...this.byStation.values()].sort((a, b) => (a.station_id < b.station_id ? -1 : 1));
  }

  serviceUser(username: string): ServiceUserRow | undefined {
    return this.byUser.get(username);
  }

  serviceUsers(): ServiceUserRow[] {
    return [...this.byUser.values()].sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  async insertStation(r: Omit<StationSecretRow, 'generation'>): Promise<boolean> {
    return this.change(
      `s:${r.station_id}`,
      `INSERT INTO registry_stations (station_id, password_hash, mosquitto_hash, command_key, created_at, rotated_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [r.station_id, r.password_hash, r.mosquitto_hash, r.command_key, r.created_at, r.rotated_at],
    );
  }

  async rotateStation(
    stationId: string,
    s: Pick<StationSecretRow, 'password_hash' | 'mosquitto_hash' | 'command_key' | 'rotated_at'>,
  ): Promise<boolean> {
    return this.change(
      `s:${stationId}`,
      `UPDATE registry_stations SET password_hash = $1, mosquitto_hash = $2, command_key = $3, rotated_at = $4,
         generation = generation + 1
       WHERE station_id = $5 RETURNING 1`,
      [s.password_hash, s.mosquitto_hash, s.command_key, s.rotated_at, stationId],
    );
  }

  deleteStation(stationId: string): Promise<boolean> {
    return this.change(`s:${stationId}`, 'DELETE FROM registry_stations WHERE station_id = $1 RETURNING 1', [
      stationId,
    ]);
  }

  async upsertServiceUser(r: ServiceUserRow): Promise<void> {
    await this.change(
      `u:${r.username}`,
      `INSERT INTO registry_service_users (username, password_hash, mosquitto_hash, created_at, rotated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,
         mosquitto_hash = excluded.mosquitto_hash, rotated_at = excluded.rotated_at
       RETURNING 1`,
      [r.username, r.password_hash, r.mosquitto_hash, r.created_at, r.rotated_at],
    );
  }

  deleteServiceUser(username: string): Promise<boolean> {
    return this.change(
      `u:${username}`,
      'DELETE FROM registry_service_users WHERE username = $1 RETURNING 1',
      [username],
    );
  }

  /** One statement and its announcement in one transaction; this instance's copy is current after. */
  private async change(what: string, text: string, params: readonly unknown[]): Promise<boolean> {
    const changed = await this.db.transaction(async (tx) => {
      const rows = await tx.query(text, params);
      if (rows.length > 0) await tx.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, what]);
      return rows.length > 0;
    });
    if (changed) await this.refresh(what);
    return changed;
  }
}
