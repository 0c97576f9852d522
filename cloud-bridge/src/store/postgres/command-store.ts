import type { CommandMessage, CommandType, ReplyMessage } from '@regiobox/contract';
import type { CommandRecord, CommandState, CommandStore } from '../../commands/command-store.js';
import type { PgDatabase } from './pg-database.js';
import { countOf } from './rows.js';

interface Row {
  id: string;
  station_id: string;
  type: CommandType;
  tenant: string;
  order_id: string | null;
  message_json: CommandMessage;
  created_at: string;
  expires_at: string;
  state: CommandState;
  attempts: number;
  sent_at: string | null;
  sent_session: number | null;
  replied_at: string | null;
  reply_json: ReplyMessage | null;
}

const toRecord = (r: Row): CommandRecord => ({
  id: r.id,
  stationId: r.station_id,
  type: r.type,
  tenant: r.tenant,
  orderId: r.order_id,
  message: r.message_json,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  state: r.state,
  attempts: r.attempts,
  sentAt: r.sent_at,
  sentSession: r.sent_session,
  repliedAt: r.replied_at,
  reply: r.reply_json,
});

/**
 * The command outbox on PostgreSQL, shared by the bridge instances. Every state change is one
 * conditional UPDATE, so when two instances race (a reply, an expiry) exactly one of them wins and
 * acts on it (one webhook, one settled waiter).
 */
export class PgCommandStore implements CommandStore {
  constructor(private readonly db: PgDatabase) {}

  async insert(c: CommandRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO cmd_commands (id, station_id, type, order_id, message_json, created_at, expires_at, state, tenant)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.id,
        c.stationId,
        c.type,
        c.orderId,
        JSON.stringify(c.message),
        c.createdAt,
        c.expiresAt,
        c.state,
        c.tenant,
      ],
    );
  }

  async get(id: string): Promise<CommandRecord | undefined> {
    return (await this.all('SELECT * FROM cmd_commands WHERE id = $1', [id]))[0];
  }

  deliverable(stationId: string, session: number, now: Date): Promise<CommandRecord[]> {
    return this.all(
      `SELECT * FROM cmd_commands WHERE station_id = $1 AND expires_at > $2
         AND (state = 'pending' OR (state = 'sent' AND sent_session < $3)) ORDER BY created_at, pos`,
      [stationId, now.toISOString(), session],
    );
  }

  unansweredSince(sentBefore: Date, now: Date): Promise<CommandRecord[]> {
    return this.all(
      `SELECT * FROM cmd_commands WHERE state = 'sent' AND sent_at < $1 AND expires_at > $2
       ORDER BY created_at, pos`,
      [sentBefore.toISOString(), now.toISOString()],
    );
  }

  async markSent(id: string, at: Date, session: number): Promise<void> {
    await this.db.query(
      `UPDATE cmd_commands SET state = 'sent', sent_at = $1, sent_session = $2, attempts = attempts + 1
       WHERE id = $3 AND state IN ('pending', 'sent')`,
      [at.toISOString(), session, id],
    );
  }

  async markReplied(
    id: string,
    reply: ReplyMessage,
    at: Date,
    undeliveredResult: string | null,
  ): Promise<false | 'replied' | 'awaited'> {
    // one statement: an instance that ends its wait at this moment sees either the reply or no wait
    const [row] = await this.db.query<{ awaited: boolean }>(
      `UPDATE cmd_commands SET state = 'replied', replied_at = $1, reply_json = $2, undelivered_result_json = $3
       WHERE id = $4 AND state IN ('pending', 'sent', 'unanswered')
       RETURNING coalesce(awaited_until > $1, false) AS awaited`,
      [at.toISOString(), JSON.stringify(reply), undeliveredResult, id],
    );
    if (!row) return false;
    return row.awaited ? 'awaited' : 'replied';
  }

  async awaitUntil(id: string, until: Date): Promise<void> {
    await this.db.query('UPDATE cmd_commands SET awaited_until = $1 WHERE id = $2', [
      until.toISOString(),
      id,
    ]);
  }

  async endAwait(id: string): Promise<boolean> {
    // the row's lock orders this against markReplied: either the reply came first (false) or not
    const [row] = await this.db.query<{ replied: boolean }>(
      `UPDATE cmd_commands SET awaited_until = NULL WHERE id = $1 RETURNING state = 'replied' AS replied`,
      [id],
    );
    return row ? !row.replied : true;
  }

  async expireDue(now: Date): Promise<CommandRecord[]> {
    // the old state comes from the locked row: RETURNING alone would show the new one
    const rows = await this.db.query<Row & { was: CommandState }>(
      `WITH due AS (
         SELECT id, state FROM cmd_commands WHERE state IN ('pending', 'sent') AND expires_at <= $1
         FOR UPDATE SKIP LOCKED)
       UPDATE cmd_commands c SET state = CASE due.state WHEN 'pending' THEN 'expired' ELSE 'unanswered' END
       FROM due WHERE c.id = due.id RETURNING c.*`,
      [now.toISOString()],
    );
    return rows.sort((a, b) => a.created_at.localeCompare(b.created_at)).map(toRecord);
  }

  async latestReservation(tenant: string, orderId: string): Promise<CommandRecord | undefined> {
    return (
      await this.all(
        `SELECT * FROM cmd_commands WHERE tenant = $1 AND order_id = $2 AND type = 'reserve'
         ORDER BY created_at DESC, pos DESC LIMIT 1`,
        [tenant, orderId],
      )
    )[0];
  }

  async hasOpen(stationId: string, type: CommandType, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM cmd_commands WHERE station_id = $1 AND type = $2 AND state IN ('pending', 'sent')
         AND expires_at > $3 LIMIT 1`,
      [stationId, type, now.toISOString()],
    );
    return rows.length > 0;
  }

  async withdraw(id: string): Promise<boolean> {
    return (
      (await countOf(
        this.db,
        "UPDATE cmd_commands SET state = 'withdrawn' WHERE id = $1 AND state = 'pending'",
        [id],
      )) > 0
    );
  }

  async takeUndeliveredResult(id: string): Promise<string | null> {
    // one statement: two instances asking at once cannot both get the codes
    const [row] = await this.db.query<{ r: string | null }>(
      `UPDATE cmd_commands c SET undelivered_result_json = NULL
       FROM (SELECT id, undelivered_result_json AS r FROM cmd_commands WHERE id = $1 FOR UPDATE) old
       WHERE c.id = old.id RETURNING old.r`,
      [id],
    );
    return row?.r ?? null;
  }

  /** Old commands go; clear codes nobody came to fetch go sooner. */
  async prune(before: Date, resultsBefore: Date): Promise<number> {
    await this.db.query(
      `UPDATE cmd_commands SET undelivered_result_json = NULL
       WHERE replied_at < $1 AND undelivered_result_json IS NOT NULL`,
      [resultsBefore.toISOString()],
    );
    return countOf(
      this.db,
      "DELETE FROM cmd_commands WHERE state NOT IN ('pending', 'sent') AND created_at < $1",
      [before.toISOString()],
    );
  }

  private async all(sql: string, args: readonly unknown[]): Promise<CommandRecord[]> {
    return (await this.db.query<Row>(sql, args)).map(toRecord);
  }
}
