import type { ReplyErrorCode, ReplyMessage } from '@regiobox/contract';
import type { CommandRecord } from '../commands/command-store.js';

/** What became of a command within the time an HTTP request waits for it. */
export type CommandOutcome =
  | { readonly kind: 'done'; readonly record: CommandRecord; readonly result: Record<string, unknown> }
  | {
      readonly kind: 'refused';
      readonly record: CommandRecord;
      readonly error: { readonly code: ReplyErrorCode; readonly message: string; readonly details?: unknown };
    }
  /** the station is offline; the command waits until it expires */
  | { readonly kind: 'queued'; readonly record: CommandRecord }
  /** delivered, but the station did not answer within the wait; the answer comes asynchronously */
  | { readonly kind: 'sent'; readonly record: CommandRecord };

export const outcomeOf = (record: CommandRecord, reply: ReplyMessage | undefined): CommandOutcome => {
  if (reply?.ok) return { kind: 'done', record, result: reply.result };
  if (reply && !reply.ok) return { kind: 'refused', record, error: reply.error };
  return record.state === 'pending' ? { kind: 'queued', record } : { kind: 'sent', record };
};

export const pendingDetail = (o: CommandOutcome): string =>
  o.kind === 'queued'
    ? `station offline, queued until ${o.record.expiresAt}`
    : o.kind === 'sent'
      ? 'sent to the station, no answer yet; the outcome follows by webhook'
      : 'done';
