import pg from 'pg';
import type { Logger } from '../../logger.js';
import { migratePostgres, type PgMigration } from './migrate.js';
import { PG_MIGRATIONS } from './migrations.js';
import { pgTypes } from './types.js';

/** What a query runs on: the pool, or the client of an open transaction. */
export interface Sql {
  query<R extends object>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface PgDatabaseOptions {
  readonly logger?: Logger;
  /** connections in the pool; default 10 */
  readonly poolSize?: number;
  readonly migrations?: readonly PgMigration[];
}

export type NotificationHandler = (payload: string) => void;

const wrap = (c: pg.Pool | pg.PoolClient): Sql => ({
  query: async <R extends object>(text: string, params?: readonly unknown[]) =>
    (await c.query<R>(text, params as unknown[] | undefined)).rows,
});

/**
 * The bridge's PostgreSQL database, shared by every bridge instance: a connection pool, versioned
 * migrations (applied once, under an advisory lock, so instances may start together), transactions,
 * and LISTEN/NOTIFY between instances.
 *
 * Notifications are delivered after the sending transaction commits, to every instance listening
 * (the sender too), at most once: while the listening connection is down (it reconnects by itself)
 * nothing is queued. A listener must therefore be able to catch up from the tables (`onReconnect`).
 * Payloads are text of at most 8000 bytes.
 */
export class PgDatabase implements Sql {
  readonly pool: pg.Pool;
  private readonly sql: Sql;
  private listener: pg.Client | undefined;
  private listening: Promise<pg.Client> | undefined;
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly reconnectHooks = new Set<() => void>();
  private closed = false;

  private constructor(
    readonly url: string,
    private readonly options: PgDatabaseOptions,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    this.pool.on('error', (err) => options.logger?.warn({ err }, 'postgres pool client failed'));
    this.sql = wrap(this.pool);
  }

  /** Connects and applies the migrations not applied yet. */
  static async open(url: string, options: PgDatabaseOptions = {}): Promise<PgDatabase> {
    const db = new PgDatabase(url, options);
    try {
      await migratePostgres(db.pool, options.migrations ?? PG_MIGRATIONS);
    } catch (err) {
      await db.pool.end();
      throw err;
    }
    return db;
  }

  query<R extends object>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return this.sql.query<R>(text, params);
  }

  /** Runs `fn` in one transaction (READ COMMITTED); rolls back when it throws. */
  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(wrap(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** `NOTIFY channel, payload` (pg_notify); every listening instance gets it after commit. */
  async notify(channel: string, payload = ''): Promise<void> {
    await this.sql.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** Calls `handler` with each payload sent on `channel` from now on; returns the way to stop. */
  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      const client = await this.listenerClient();
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    }
    set.add(handler);
    return async () => {
      const s = this.handlers.get(channel);
      s?.delete(handler);
      if (s?.size === 0) {
        this.handlers.delete(channel);
        if (this.listener) await this.listener.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
      }
    };
  }

  /** Called after the listening connection was lost and is back: notifications may have been missed. */
  onReconnect(hook: () => void): () => void {
    this.reconnectHooks.add(hook);
    return () => this.reconnectHooks.delete(hook);
  }

  async close(): Promise<void> {
    this.closed = true;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => {});
    await this.pool.end();
  }

  private listenerClient(): Promise<pg.Client> {
    this.listening ??= this.connectListener().catch((err) => {
      this.listening = undefined;
      throw err;
    });
    return this.listening;
  }

  private async connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, types: pgTypes });
    client.on('notification', (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) {
        try {
          h(n.payload ?? '');
        } catch (err) {
          this.options.logger?.error({ err, channel: n.channel }, 'notification handler failed');
        }
      }
    });
    client.on('error', (err) => {
      this.options.logger?.warn({ err }, 'postgres listening connection lost');
      this.listener = undefined;
      this.listening = undefined;
      client.end().catch(() => {});
      if (!this.closed) void this.relisten();
    });
    await client.connect();
    this.listener = client;
    return client;
  }

  private async relisten(): Promise<void> {
    for (let delay = 200; !this.closed; delay = Math.min(delay * 2, 10_000)) {
      await new Promise((r) => setTimeout(r, delay));
      try {
        const client = await this.listenerClient();
        for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
        for (const hook of this.reconnectHooks) hook();
        return;
      } catch (err) {
        this.options.logger?.warn({ err }, 'postgres listening connection: retrying');
      }
    }
  }
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
