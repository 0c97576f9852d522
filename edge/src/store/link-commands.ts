import type { Db } from './database.js';

/** A row of `link_commands`: a command that reached the handler, and its first reply as JSON. */
export interface LinkCommandRow {
  readonly reply: string | null;
  readonly delivered: boolean;
}

/** The SQL of the command log (link/command-log.ts decides what is durable and what is redacted). */
export class LinkCommandsRepo {
  private readonly findStmt;
  private readonly claimStmt;
  private readonly completeStmt;
  private readonly deliveredStmt;
  private readonly undeliveredStmt;
  private readonly runningStmt;
  private readonly purgeStmt;

  constructor(readonly db: Db) {
    this.findStmt = db.prepare(
      'SELECT reply, reply_delivered AS delivered FROM link_commands WHERE command_id = ?',
    );
    this.claimStmt = db.prepare(
      'INSERT OR IGNORE INTO link_commands (command_id, command_type, received_at, keep_until_ms) VALUES (?, ?, ?, ?)',
    );
    this.completeStmt = db.prepare(
      'UPDATE link_commands SET reply = ?, reply_delivered = 0 WHERE command_id = ? AND reply IS NULL',
    );
    this.deliveredStmt = db.prepare(
      'UPDATE link_commands SET reply = ?, reply_delivered = 1 WHERE command_id = ? AND reply IS NOT NULL',
    );
    this.undeliveredStmt = db.prepare(
      'SELECT reply FROM link_commands WHERE reply_delivered = 0 AND reply IS NOT NULL ORDER BY rowid',
    );
    this.runningStmt = db.prepare(
      'SELECT command_id AS id FROM link_commands WHERE reply IS NULL ORDER BY rowid',
    );
    this.purgeStmt = db.prepare('DELETE FROM link_commands WHERE keep_until_ms < ?');
  }

  find(commandId: string): LinkCommandRow | undefined {
    const row = this.findStmt.get(commandId) as { reply: string | null; delivered: number } | undefined;
    return row && { reply: row.reply, delivered: row.delivered === 1 };
  }

  /** false when the id is already known */
  claim(commandId: string, type: string, receivedAtIso: string, keepUntilMs: number): boolean {
    return this.claimStmt.run(commandId, type, receivedAtIso, keepUntilMs).changes === 1;
  }

  /** Records the first reply; a later one for the same command changes nothing. */
  complete(commandId: string, replyJson: string): void {
    this.completeStmt.run(replyJson, commandId);
  }

  markDelivered(commandId: string, replyJson: string): void {
    this.deliveredStmt.run(replyJson, commandId);
  }

  /** replies (JSON) the broker has not acknowledged, oldest first */
  undelivered(): string[] {
    return (this.undeliveredStmt.all() as { reply: string }[]).map((r) => r.reply);
  }

  /** ids of commands claimed but never answered */
  running(): string[] {
    return (this.runningStmt.all() as { id: string }[]).map((r) => r.id);
  }

  purge(nowMs: number): number {
    return this.purgeStmt.run(nowMs).changes;
  }
}
