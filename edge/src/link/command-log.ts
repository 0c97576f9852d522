import { ReplyMessage } from '@regiobox/contract';
import { type Db, durably } from '../store/database.js';
import { redactSecrets } from './replies.js';

export type LoggedCommand =
  | { readonly state: 'running' }
  | { readonly state: 'replied'; readonly reply: ReplyMessage; readonly delivered: boolean };

/**
 * The commands that reached the handler, by id, with their first reply. Writes that decide whether
 * a command runs are durable: after a power cut a command must neither run twice nor be forgotten.
 */
export class CommandLog {
  private readonly findStmt;
  private readonly claimStmt;
  private readonly completeStmt;
  private readonly deliveredStmt;
  private readonly undeliveredStmt;
  private readonly runningStmt;
  private readonly purgeStmt;

  constructor(private readonly db: Db) {
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

  find(commandId: string): LoggedCommand | undefined {
    const row = this.findStmt.get(commandId) as { reply: string | null; delivered: number } | undefined;
    if (!row) return undefined;
    if (row.reply === null) return { state: 'running' };
    return {
      state: 'replied',
      reply: ReplyMessage.parse(JSON.parse(row.reply)),
      delivered: row.delivered === 1,
    };
  }

  /** Records that the command is about to run; false when its id is already known. */
  claim(commandId: string, type: string, receivedAt: Date, keepUntilMs: number): boolean {
    return durably(
      this.db,
      () => this.claimStmt.run(commandId, type, receivedAt.toISOString(), keepUntilMs).changes === 1,
    );
  }

  complete(reply: ReplyMessage): void {
    durably(this.db, () => this.completeStmt.run(JSON.stringify(reply), reply.commandId));
  }

  /** The broker has the reply: from now on the stored copy holds no clear codes. */
  markDelivered(commandId: string): void {
    const logged = this.find(commandId);
    if (logged?.state !== 'replied' || logged.delivered) return;
    const reply = logged.reply.ok
      ? { ...logged.reply, result: redactSecrets(logged.reply.result) }
      : logged.reply;
    this.deliveredStmt.run(JSON.stringify(reply), commandId);
  }

  /** Replies the broker has not acknowledged yet, oldest first: resent on every connect. */
  undelivered(): ReplyMessage[] {
    return (this.undeliveredStmt.all() as { reply: string }[]).map((r) =>
      ReplyMessage.parse(JSON.parse(r.reply)),
    );
  }

  /** Commands claimed but never answered: the process died while they ran. */
  running(): string[] {
    return (this.runningStmt.all() as { id: string }[]).map((r) => r.id);
  }

  /** Forgets commands whose retention has passed; returns how many. */
  purge(nowMs: number): number {
    return this.purgeStmt.run(nowMs).changes;
  }
}
