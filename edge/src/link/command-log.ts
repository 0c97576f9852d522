import { ReplyMessage } from '@regiobox/contract';
import { type Db, durably, storing } from '../store/database.js';
import { LinkCommandsRepo } from '../store/link-commands.js';
import { redactSecrets } from './replies.js';

export type LoggedCommand =
  | { readonly state: 'running' }
  | { readonly state: 'replied'; readonly reply: ReplyMessage; readonly delivered: boolean };

/**
 * The commands that reached the handler, by id, with their first reply. Writes that decide whether
 * a command runs are durable: after a power cut a command must neither run twice nor be forgotten.
 * A disk that cannot take a write (full, read-only, locked) fails with StorageError, which the
 * marketplace sees as `STORAGE_FAULT`.
 */
export class CommandLog {
  private readonly rows: LinkCommandsRepo;

  constructor(private readonly db: Db) {
    this.rows = new LinkCommandsRepo(db);
  }

  find(commandId: string): LoggedCommand | undefined {
    const row = storing(() => this.rows.find(commandId));
    if (!row) return undefined;
    if (row.reply === null) return { state: 'running' };
    return {
      state: 'replied',
      reply: ReplyMessage.parse(JSON.parse(row.reply)),
      delivered: row.delivered,
    };
  }

  /** Records that the command is about to run; false when its id is already known. */
  claim(commandId: string, type: string, receivedAt: Date, keepUntilMs: number): boolean {
    return storing(() =>
      durably(this.db, () => this.rows.claim(commandId, type, receivedAt.toISOString(), keepUntilMs)),
    );
  }

  complete(reply: ReplyMessage): void {
    storing(() => durably(this.db, () => this.rows.complete(reply.commandId, JSON.stringify(reply))));
  }

  /** The broker has the reply: from now on the stored copy holds no clear codes. */
  markDelivered(commandId: string): void {
    const logged = this.find(commandId);
    if (logged?.state !== 'replied' || logged.delivered) return;
    const reply = logged.reply.ok
      ? { ...logged.reply, result: redactSecrets(logged.reply.result) }
      : logged.reply;
    storing(() => this.rows.markDelivered(commandId, JSON.stringify(reply)));
  }

  /** Replies the broker has not acknowledged yet, oldest first: resent on every connect. */
  undelivered(): ReplyMessage[] {
    return this.rows.undelivered().map((r) => ReplyMessage.parse(JSON.parse(r)));
  }

  /** Commands claimed but never answered: the process died while they ran. */
  running(): string[] {
    return this.rows.running();
  }

  /** Forgets commands whose retention has passed; returns how many. */
  purge(nowMs: number): number {
    return this.rows.purge(nowMs);
  }
}
