import type { CommandMessage, CommandType, ReplyMessage } from '@regiobox/contract';
import type { Db } from '../store/database.js';
import { withStatementCache } from '../store/statement-cache.js';

/**
 * `pending`: waiting for the station to come online; `sent`: published, no reply yet; `replied`:
 * the station answered (ok or not); `expired`: its time ran out before it was ever sent — it never
 * will be; `unanswered`: sent, but no reply came before it expired; `withdrawn`: cancelled by the
 * marketplace before it was sent.
 */
export type CommandState = 'pending' | 'sent' | 'replied' | 'expired' | 'unanswered' | 'withdrawn';

export interface CommandRecord {
  readonly id: string;
  readonly stationId: string;
  readonly type: CommandType;
  /**
   * The tenant that issued it: an order command's order is that tenant's, and the outcome goes to that
   * tenant's webhooks. Commands of the network operator (dashboard) are the default tenant's.
   */
  readonly tenant: string;
  readonly orderId: string | null;
  readonly message: CommandMessage;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly state: CommandState;
  readonly attempts: number;
  readonly sentAt: string | null;
  readonly sentSession: number | null;
  readonly repliedAt: string | null;
  /** with clear codes replaced; see domain/codes.ts */
  readonly reply: ReplyMessage | null;
}

/** The bridge's own command outbox. */
export interface CommandStore {
  insert(record: CommandRecord): Promise<void>;
  get(id: string): Promise<CommandRecord | undefined>;
  /** not yet sent, or sent in an older session than `session` and unanswered; oldest first */
  deliverable(stationId: string, session: number, now: Date): Promise<CommandRecord[]>;
  /** sent, unanswered, not expired, last sent before `sentBefore`: a retry is due */
  unansweredSince(sentBefore: Date, now: Date): Promise<CommandRecord[]>;
  markSent(id: string, at: Date, session: number): Promise<void>;
  /**
   * false when the command had a reply already (a repeated reply is ignored); `awaited` when it was
   * stored while an HTTP caller on some instance still waits for it (`awaitUntil` later than `at`)
   */
  markReplied(
    id: string,
    reply: ReplyMessage,
    at: Date,
    undeliveredResult: string | null,
  ): Promise<false | 'replied' | 'awaited'>;
  /** an HTTP caller (on this instance) waits for the reply until `until` */
  awaitUntil(id: string, until: Date): Promise<void>;
  /** the wait ended: true when no reply came in meanwhile, false when one did (the caller takes it) */
  endAwait(id: string): Promise<boolean>;
  /** marks pending commands past their expiry `expired` and sent ones `unanswered`; returns them */
  expireDue(now: Date): Promise<CommandRecord[]>;
  /** the latest reserve command for an order of the tenant */
  latestReservation(tenant: string, orderId: string): Promise<CommandRecord | undefined>;
  /** an unexpired, unanswered command of this type for the station */
  hasOpen(stationId: string, type: CommandType, now: Date): Promise<boolean>;
  /** pending → withdrawn; false when it was no longer pending */
  withdraw(id: string): Promise<boolean>;
  /** returns the kept result once and forgets it */
  takeUndeliveredResult(id: string): Promise<string | null>;
  /** deletes finished commands created before `before`; forgets unfetched results older than `resultsBefore` */
  prune(before: Date, resultsBefore: Date): Promise<number>;
}

interface Row {
  id: string;
  station_id: string;
  type: CommandType;
  tenant: string;
  order_id: string | null;
  message_json: string;
  created_at: string;
  expires_at: string;
  state: CommandState;
  attempts: number;
  sent_at: string | null;
  sent_session: number | null;
  replied_at: string | null;
  reply_json: string | null;
}

const toRecord = (r: Row): CommandRecord => ({
  id: r.id,
  stationId: r.station_id,
  type: r.type,
  tenant: r.tenant,
  orderId: r.order_id,
  message: JSON.parse(r.message_json) as CommandMessage,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  state: r.state,
  attempts: r.attempts,
  sentAt: r.sent_at,
  sentSession: r.sent_session,
  repliedAt: r.replied_at,
  reply: r.reply_json ? (JSON.parse(r.reply_json) as ReplyMessage) : null,
});

export class SqliteCommandStore implements CommandStore {
  private readonly db: Db;

  constructor(file: Db) {
    this.db = withStatementCache(file);
  }

  async insert(c: CommandRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO cmd_commands (id, station_id, type, tenant, order_id, message_json, created_at, expires_at, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.id,
        c.stationId,
        c.type,
        c.tenant,
        c.orderId,
        JSON.stringify(c.message),
        c.createdAt,
        c.expiresAt,
        c.state,
      );
  }

  async get(id: string): Promise<CommandRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM cmd_commands WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  async deliverable(stationId: string, session: number, now: Date): Promise<CommandRecord[]> {
    return this.all(
      `SELECT * FROM cmd_commands WHERE station_id = ? AND expires_at > ?
         AND (state = 'pending' OR (state = 'sent' AND sent_session < ?)) ORDER BY created_at, rowid`,
      stationId,
      now.toISOString(),
      session,
    );
  }

  async unansweredSince(sentBefore: Date, now: Date): Promise<CommandRecord[]> {
    return this.all(
      `SELECT * FROM cmd_commands WHERE state = 'sent' AND sent_at < ? AND expires_at > ?
       ORDER BY created_at, rowid`,
      sentBefore.toISOString(),
      now.toISOString(),
    );
  }

  async markSent(id: string, at: Date, session: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE cmd_commands SET state = 'sent', sent_at = ?, sent_session = ?, attempts = attempts + 1
         WHERE id = ? AND state IN ('pending', 'sent')`,
      )
      .run(at.toISOString(), session, id);
  }

  async markReplied(
    id: string,
    reply: ReplyMessage,
    at: Date,
    undeliveredResult: string | null,
  ): Promise<false | 'replied' | 'awaited'> {
    const row = this.db
      .prepare(
        `UPDATE cmd_commands SET state = 'replied', replied_at = ?, reply_json = ?, undelivered_result_json = ?
         WHERE id = ? AND state IN ('pending', 'sent', 'unanswered') RETURNING awaited_until`,
      )
      .get(at.toISOString(), JSON.stringify(reply), undeliveredResult, id) as
      | { awaited_until: string | null }
      | undefined;
    if (!row) return false;
    return row.awaited_until !== null && row.awaited_until > at.toISOString() ? 'awaited' : 'replied';
  }

  async awaitUntil(id: string, until: Date): Promise<void> {
    this.db.prepare('UPDATE cmd_commands SET awaited_until = ? WHERE id = ?').run(until.toISOString(), id);
  }

  async endAwait(id: string): Promise<boolean> {
    const row = this.db
      .prepare('UPDATE cmd_commands SET awaited_until = NULL WHERE id = ? RETURNING state')
      .get(id) as { state: CommandState } | undefined;
    return row ? row.state !== 'replied' : true;
  }

  async expireDue(now: Date): Promise<CommandRecord[]> {
    return this.db.transaction(() => {
      const due = this.all(
        "SELECT * FROM cmd_commands WHERE state IN ('pending', 'sent') AND expires_at <= ? ORDER BY created_at",
        now.toISOString(),
      );
      const mark = this.db.prepare(
        "UPDATE cmd_commands SET state = CASE state WHEN 'pending' THEN 'expired' ELSE 'unanswered' END WHERE id = ?",
      );
      for (const c of due) mark.run(c.id);
      return due.map((c) => ({
        ...c,
        state: c.state === 'pending' ? ('expired' as const) : ('unanswered' as const),
      }));
    })();
  }

  async latestReservation(tenant: string, orderId: string): Promise<CommandRecord | undefined> {
    return this.all(
      `SELECT * FROM cmd_commands WHERE tenant = ? AND order_id = ? AND type = 'reserve'
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      tenant,
      orderId,
    )[0];
  }

  async hasOpen(stationId: string, type: CommandType, now: Date): Promise<boolean> {
    return (
      this.db
        .prepare(
          "SELECT 1 FROM cmd_commands WHERE station_id = ? AND type = ? AND state IN ('pending', 'sent') AND expires_at > ?",
        )
        .get(stationId, type, now.toISOString()) !== undefined
    );
  }

  async withdraw(id: string): Promise<boolean> {
    return (
      this.db
        .prepare("UPDATE cmd_commands SET state = 'withdrawn' WHERE id = ? AND state = 'pending'")
        .run(id).changes > 0
    );
  }

  async takeUndeliveredResult(id: string): Promise<string | null> {
    return this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT undelivered_result_json AS r FROM cmd_commands WHERE id = ?')
        .get(id) as { r: string | null } | undefined;
      this.db.prepare('UPDATE cmd_commands SET undelivered_result_json = NULL WHERE id = ?').run(id);
      return row?.r ?? null;
    })();
  }

  /** Old commands go; clear codes nobody came to fetch go sooner. */
  async prune(before: Date, resultsBefore: Date): Promise<number> {
    this.db
      .prepare(
        'UPDATE cmd_commands SET undelivered_result_json = NULL WHERE replied_at < ? AND undelivered_result_json IS NOT NULL',
      )
      .run(resultsBefore.toISOString());
    return this.db
      .prepare("DELETE FROM cmd_commands WHERE state NOT IN ('pending', 'sent') AND created_at < ?")
      .run(before.toISOString()).changes;
  }

  private all(sql: string, ...args: unknown[]): CommandRecord[] {
    return (this.db.prepare(sql).all(...args) as Row[]).map(toRecord);
  }
}
