import type { CommandBody, CommandMessage, ReplyMessage } from '@regiobox/contract';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import {
  checkSignature,
  checkTiming,
  DEFAULT_TIMING,
  parseCommand,
  type Rejection,
  type TimingRules,
} from './command-check.js';
import type { CommandLog } from './command-log.js';
import { DEFAULT_SERVICE_OPEN_LIMIT, type RateLimit, TokenBucket } from './rate-limit.js';
import { errorReply, okReply, type ReplyError, replyErrorFor } from './replies.js';

/**
 * What the station does with a valid command. It throws errors whose `code` is a ReplyErrorCode for
 * refusals the marketplace should see; anything else becomes INTERNAL without its message.
 */
export type CommandHandler = (
  command: CommandBody,
  ctx: { readonly commandId: string; readonly receivedAt: Date },
) => Promise<Record<string, unknown>>;

/** Publishes a reply QoS 1; resolves on PUBACK. */
export type ReplyPublisher = (reply: ReplyMessage) => Promise<void>;

export interface CommandIntakeOptions {
  readonly stationId: string;
  readonly log: CommandLog;
  readonly clock: Clock;
  readonly handler: CommandHandler;
  /** the per-station key for SIGNED_COMMANDS; without it they are all refused */
  readonly commandKey?: Buffer;
  readonly timing?: TimingRules;
  readonly serviceOpenLimit?: RateLimit;
  /** how long a processed id is remembered at least (it is kept until its expiry in any case) */
  readonly retentionMs?: number;
  readonly logger: Logger;
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * Validates, deduplicates and runs commands one at a time in arrival order. `receive` records what
 * it must synchronously, so the broker's PUBACK (sent when it returns) never precedes the record.
 */
export class CommandIntake {
  private queue: Promise<void> = Promise.resolve();
  private readonly inProcess = new Set<string>();
  private readonly serviceOpens: TokenBucket;
  private readonly timing: TimingRules;
  private readonly retentionMs: number;
  private publisher: ReplyPublisher | undefined;

  constructor(private readonly opts: CommandIntakeOptions) {
    this.serviceOpens = new TokenBucket(opts.serviceOpenLimit ?? DEFAULT_SERVICE_OPEN_LIMIT);
    this.timing = opts.timing ?? DEFAULT_TIMING;
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
  }

  /** Where replies go; undefined while offline (recorded replies then wait for `resendUndelivered`). */
  setPublisher(publisher: ReplyPublisher | undefined): void {
    this.publisher = publisher;
  }

  /** At start: answers commands a crash interrupted, and forgets ids past their retention. */
  recover(): void {
    const now = this.opts.clock.now();
    for (const id of this.opts.log.running()) {
      if (this.inProcess.has(id)) continue;
      const reply = errorReply(this.opts.stationId, id, now, {
        code: 'INTERRUPTED',
        message: 'the station restarted while executing this command; check state and events for its outcome',
      });
      this.opts.log.complete(reply);
    }
    this.forgetOld();
  }

  /** Forgets ids past their retention (each is kept until its command expired in any case). */
  forgetOld(): void {
    const purged = this.opts.log.purge(this.opts.clock.now().getTime());
    if (purged > 0) this.opts.logger.debug({ purged }, 'forgot old command ids');
  }

  receive(payload: Buffer): void {
    const receivedAt = this.opts.clock.now();
    let commandId = '';
    try {
      const parsed = parseCommand(payload, this.opts.stationId);
      if (!parsed.ok) {
        this.refuse(parsed.rejection, receivedAt);
        return;
      }
      const m = parsed.value;
      commandId = m.id;
      const logged = this.opts.log.find(m.id);
      if (logged) {
        // A repeat changes nothing; while the first still runs, its reply is the answer to both.
        if (logged.state === 'replied') this.deliver({ ...logged.reply, duplicate: true }, true);
        return;
      }
      const rejection = this.admissionProblem(m, receivedAt);
      if (rejection) {
        this.refuse(rejection, receivedAt);
        return;
      }
      const keepUntil = Math.max(receivedAt.getTime() + this.retentionMs, Date.parse(m.expiresAt));
      if (!this.opts.log.claim(m.id, m.command.type, receivedAt, keepUntil)) return;
      this.inProcess.add(m.id);
      this.queue = this.queue
        .then(() => this.execute(m, receivedAt))
        .catch((e: unknown) =>
          this.opts.logger.error({ err: e, commandId: m.id }, 'command execution failed'),
        );
    } catch (e) {
      this.opts.logger.error({ err: e, commandId }, 'command intake failed');
      this.refuse({ commandId, ...replyErrorFor(e) }, receivedAt);
    }
  }

  /** Expiry, clock, signature and rate: undefined when the command may run. */
  private admissionProblem(m: CommandMessage, now: Date): Rejection | undefined {
    for (const check of [
      checkTiming(m, now, this.timing),
      checkSignature(m, now, this.opts.commandKey, this.timing),
    ]) {
      if (!check.ok) return check.rejection;
    }
    if (m.command.type !== 'service_open') return undefined;
    const waitMs = this.serviceOpens.take(this.opts.clock.monotonicMs());
    if (waitMs === 0) return undefined;
    return {
      commandId: m.id,
      code: 'RATE_LIMITED',
      message: `too many service openings; retry in ${Math.ceil(waitMs / 1000)} s`,
      details: { retryAfterMs: waitMs },
    };
  }

  /** Publishes every recorded reply the broker has not acknowledged yet; called on each connect. */
  resendUndelivered(): void {
    for (const reply of this.opts.log.undelivered()) this.deliver(reply, true);
  }

  /** Resolves when every accepted command has run and been answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async execute(m: CommandMessage, receivedAt: Date): Promise<void> {
    let reply: ReplyMessage;
    const now = this.opts.clock.now();
    // It may have waited behind a slow command; a late door opening is worse than none.
    const timing = checkTiming(m, now, this.timing);
    if (!timing.ok) {
      reply = errorReply(this.opts.stationId, m.id, now, timing.rejection);
    } else {
      try {
        const result = await this.opts.handler(m.command, { commandId: m.id, receivedAt });
        reply = okReply(this.opts.stationId, m.id, this.opts.clock.now(), isRecord(result) ? result : {});
      } catch (e) {
        const error: ReplyError = replyErrorFor(e);
        if (error.code === 'INTERNAL')
          this.opts.logger.error({ err: e, commandId: m.id }, 'command handler failed');
        reply = errorReply(this.opts.stationId, m.id, this.opts.clock.now(), error);
      }
    }
    this.opts.logger.info(
      {
        commandId: m.id,
        type: m.command.type,
        ok: reply.ok,
        ...(reply.ok ? {} : { code: reply.error.code }),
      },
      'command done',
    );
    try {
      this.opts.log.complete(reply);
    } catch (e) {
      this.opts.logger.error({ err: e, commandId: m.id }, 'could not record command reply');
    }
    this.inProcess.delete(m.id);
    this.deliver(reply, true);
  }

  private refuse(rejection: Rejection, at: Date): void {
    this.opts.logger.warn(
      { commandId: rejection.commandId, code: rejection.code, why: rejection.message },
      'command refused',
    );
    this.deliver(errorReply(this.opts.stationId, rejection.commandId, at, rejection), false);
  }

  private deliver(reply: ReplyMessage, recorded: boolean): void {
    const publish = this.publisher;
    if (!publish) return;
    publish(reply).then(
      () => {
        if (!recorded) return;
        try {
          this.opts.log.markDelivered(reply.commandId);
        } catch (e) {
          this.opts.logger.error({ err: e, commandId: reply.commandId }, 'could not mark reply delivered');
        }
      },
      () => {
        // Recorded replies go out again on the next connect; refusals are not worth a retry.
      },
    );
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
