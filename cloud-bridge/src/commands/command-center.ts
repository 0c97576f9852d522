import { randomUUID } from 'node:crypto';
import {
  CommandBody,
  type CommandMessage,
  DEFAULT_TENANT,
  type ReplyMessage,
  ReserveResult,
  SIGNED_COMMANDS,
  signCommand,
  tenantOf,
} from '@regiobox/contract';
import type { Clock } from '../clock.js';
import { redactReserveResult } from '../domain/codes.js';
import { BridgeError } from '../errors.js';
import type { InstanceSignals } from '../instances/signals.js';
import type { Logger } from '../logger.js';
import type { CommandRecord, CommandStore } from './command-store.js';
import { ReplyWaiters } from './reply-waiters.js';

export interface CommandPublisher {
  /** QoS 1, never retained; resolves on the broker's PUBACK */
  publishCommand(stationId: string, payload: string): Promise<void>;
}

/** Structurally the station registry: throws for a station it does not know. */
export interface CommandKeySource {
  commandKey(stationId: string): Buffer;
}

export interface PresenceSource {
  presence(
    stationId: string,
  ): Promise<{ state: 'online' | 'offline' | 'unknown'; session: number | null } | undefined>;
}

/** A command reached its end: replied (the clear reply, codes included) or expired. */
export interface SettledCommand {
  readonly record: CommandRecord;
  readonly reply: ReplyMessage | null;
  /** a caller waiting over HTTP received the reply */
  readonly handedOver: boolean;
}

export interface CommandCenterOptions {
  readonly store: CommandStore;
  readonly publisher: CommandPublisher;
  readonly keys: CommandKeySource;
  readonly presence: PresenceSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId?: () => string;
  /** an unanswered command is published again after this long (stations dedup by id); default 30 s */
  readonly retryAfterMs?: number;
  /** default 5 */
  readonly maxAttempts?: number;
  /**
   * Other bridge instances sharing the store: a reply may reach one of them while the HTTP caller
   * waits on this one. They store it and signal; this one also looks every `replyPollMs` (default
   * 500 ms) in case a signal was lost.
   */
  readonly signals?: InstanceSignals;
  readonly replyPollMs?: number;
}

/**
 * Sends commands through the bridge's outbox: a command for an offline station waits for its
 * `online` status; one whose time ran out is never sent. Replies are matched by command id.
 */
export class CommandCenter {
  private readonly waiters = new ReplyWaiters();
  private readonly listeners = new Set<(s: SettledCommand) => void | Promise<void>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly log: Logger;
  private readonly newId: () => string;
  private readonly stops: (() => void)[] = [];

  constructor(private readonly o: CommandCenterOptions) {
    this.log = o.logger.child({ component: 'commands' });
    this.newId = o.newId ?? randomUUID;
  }

  /** Wakes a waiting caller when another instance stored its reply (no-op without `signals`). */
  async listen(): Promise<void> {
    const signals = this.o.signals;
    if (!signals) return;
    this.stops.push(await signals.subscribe('regiobox_replies', (id) => this.waiters.cancel(id)));
    // signals sent while the listening connection was down are lost: every waiter looks again
    this.stops.push(signals.onResync(() => this.waiters.cancelAll()));
  }

  /** Persists the command and publishes it at once when the station is online. */
  async issue(stationId: string, body: CommandBody, ttlMs: number): Promise<CommandRecord> {
    const record = this.build(stationId, body, ttlMs);
    await this.o.store.insert(record);
    this.log.info({ commandId: record.id, stationId, type: record.type }, 'command queued');
    await this.deliverIfOnline(record);
    return (await this.o.store.get(record.id)) ?? record;
  }

  /** Issues the command unless one of the same type is still open for the station. */
  async issueOnce(stationId: string, body: CommandBody, ttlMs: number): Promise<CommandRecord | undefined> {
    if (await this.o.store.hasOpen(stationId, body.type, this.o.clock.now())) return undefined;
    return this.issue(stationId, body, ttlMs);
  }

  /**
   * Like `issue`, and when the command went out, waits up to `waitMs` for the reply. No reply means
   * the station is offline (command queued) or slow (the reply will come asynchronously).
   */
  async issueAndWait(
    stationId: string,
    body: CommandBody,
    ttlMs: number,
    waitMs: number,
  ): Promise<{ record: CommandRecord; reply: ReplyMessage | undefined }> {
    const record = this.build(stationId, body, ttlMs);
    const local = this.waiters.wait(record.id, waitMs);
    await this.o.store.insert(record);
    await this.o.store.awaitUntil(record.id, new Date(this.o.clock.now().getTime() + waitMs));
    await this.deliverIfOnline(record);
    const now = (await this.o.store.get(record.id)) ?? record;
    if (now.state === 'pending') this.waiters.cancel(record.id);
    const poll = this.pollForStoredReply(record.id);
    let answer = await local;
    clearInterval(poll);
    // The reply reached another instance (it signalled, or the poll saw it), or came just as the wait
    // ended: it is in the store, and this caller takes it.
    if (!answer && !(await this.o.store.endAwait(record.id))) answer = await this.takeStoredReply(record.id);
    return { record: (await this.o.store.get(record.id)) ?? now, reply: answer };
  }

  /** The station's online status arrived: deliver what waited for it, oldest first. */
  async stationOnline(stationId: string, session: number): Promise<void> {
    await this.exclusive(stationId, async () => {
      for (const c of await this.o.store.deliverable(stationId, session, this.o.clock.now())) {
        await this.publish(c, session);
      }
    });
  }

  async handleReply(reply: ReplyMessage): Promise<void> {
    const record = await this.o.store.get(reply.commandId);
    if (!record || record.stationId !== reply.stationId) {
      this.log.warn(
        { commandId: reply.commandId, stationId: reply.stationId },
        'reply to an unknown command',
      );
      return;
    }
    if (record.state === 'replied') return;
    const reserved =
      record.type === 'reserve' && reply.ok ? ReserveResult.safeParse(reply.result) : undefined;
    const stored: ReplyMessage =
      reserved?.success && reply.ok ? { ...reply, result: redactReserveResult(reserved.data) } : reply;
    const handedOver = this.waiters.deliver(reply);
    // A repeated reply has its codes blanked by the station: there is nothing to hand out.
    const keep = !handedOver && reserved?.success && !reply.duplicate ? JSON.stringify(reserved.data) : null;
    const marked = await this.o.store.markReplied(record.id, stored, this.o.clock.now(), keep);
    if (!marked) return;
    this.log.info(
      {
        commandId: record.id,
        stationId: record.stationId,
        ok: reply.ok,
        ...(reply.ok ? {} : { error: reply.error.code }),
      },
      'command replied',
    );
    if (marked === 'awaited' && !handedOver) {
      // A caller on another instance waits for it: that instance takes the reply and settles it.
      await this.o.signals?.publish('regiobox_replies', record.id);
      return;
    }
    const settled = (await this.o.store.get(record.id)) ?? record;
    await this.emit({ record: settled, reply, handedOver });
  }

  /** Expires what ran out of time and publishes again what stayed unanswered. Run periodically. */
  async tick(): Promise<void> {
    const now = this.o.clock.now();
    for (const c of await this.o.store.expireDue(now)) {
      this.log.warn(
        { commandId: c.id, stationId: c.stationId, type: c.type, state: c.state },
        'command expired',
      );
      await this.emit({ record: c, reply: null, handedOver: false });
    }
    const since = new Date(now.getTime() - (this.o.retryAfterMs ?? 30_000));
    for (const c of await this.o.store.unansweredSince(since, now)) {
      if (c.attempts >= (this.o.maxAttempts ?? 5)) continue;
      const p = await this.o.presence.presence(c.stationId);
      if (p?.state !== 'online' || p.session === null) continue;
      const session = p.session;
      await this.exclusive(c.stationId, () => this.publish(c, session));
    }
  }

  /** Listeners run one after another and are awaited; a failing one is logged, not propagated. */
  onSettled(listener: (s: SettledCommand) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.waiters.cancelAll();
  }

  /** With other instances: looks into the store now and then, should a signal have been lost. */
  private pollForStoredReply(id: string): NodeJS.Timeout | undefined {
    if (!this.o.signals) return undefined;
    const timer = setInterval(() => {
      this.o.store.get(id).then(
        (r) => {
          if (r?.state === 'replied') this.waiters.cancel(id);
        },
        (err: unknown) => this.log.warn({ err, commandId: id }, 'reply poll failed'),
      );
    }, this.o.replyPollMs ?? 500);
    timer.unref();
    return timer;
  }

  /** The stored reply, with the clear codes of a reservation (taken once), handed to this caller. */
  private async takeStoredReply(id: string): Promise<ReplyMessage | undefined> {
    const record = await this.o.store.get(id);
    if (record?.state !== 'replied' || !record.reply) return undefined;
    let reply = record.reply;
    if (record.type === 'reserve' && reply.ok) {
      const kept = await this.o.store.takeUndeliveredResult(id);
      if (kept) reply = { ...reply, result: JSON.parse(kept) as Record<string, unknown> };
    }
    await this.emit({ record, reply, handedOver: true });
    return reply;
  }

  private build(stationId: string, body: CommandBody, ttlMs: number): CommandRecord {
    // Parsed first, so defaults are filled in exactly as the station will see them when it verifies.
    const command = CommandBody.parse(body);
    const issuedAt = this.o.clock.now();
    const unsigned: Omit<CommandMessage, 'sig'> = {
      v: 1,
      id: this.newId(),
      stationId,
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(issuedAt.getTime() + ttlMs).toISOString(),
      command,
    };
    const message: CommandMessage = SIGNED_COMMANDS.has(command.type)
      ? { ...unsigned, sig: signCommand(unsigned, this.keyFor(stationId)) }
      : unsigned;
    return {
      id: message.id,
      stationId,
      type: command.type,
      // station-level commands come from the network operator, whose tenant is the default one
      tenant: 'tenant' in command ? tenantOf(command) : DEFAULT_TENANT,
      orderId: 'orderId' in command ? command.orderId : null,
      message,
      createdAt: message.issuedAt,
      expiresAt: message.expiresAt,
      state: 'pending',
      attempts: 0,
      sentAt: null,
      sentSession: null,
      repliedAt: null,
      reply: null,
    };
  }

  private keyFor(stationId: string): Buffer {
    try {
      return this.o.keys.commandKey(stationId);
    } catch (cause) {
      this.log.warn({ stationId, err: cause }, 'no command key');
      throw new BridgeError('NO_COMMAND_KEY', `no command key for station ${stationId}; is it registered?`);
    }
  }

  private async deliverIfOnline(record: CommandRecord): Promise<void> {
    const p = await this.o.presence.presence(record.stationId);
    if (p?.state !== 'online' || p.session === null) return;
    const session = p.session;
    await this.exclusive(record.stationId, async () => {
      const current = await this.o.store.get(record.id);
      if (current?.state === 'pending') await this.publish(current, session);
    });
  }

  private async publish(c: CommandRecord, session: number): Promise<void> {
    if (Date.parse(c.expiresAt) <= this.o.clock.now().getTime()) return;
    await this.o.publisher.publishCommand(c.stationId, JSON.stringify(c.message));
    await this.o.store.markSent(c.id, this.o.clock.now(), session);
    this.log.info(
      { commandId: c.id, stationId: c.stationId, type: c.type, attempt: c.attempts + 1 },
      'command sent',
    );
  }

  /** One delivery at a time per station, so a flush and a new command never publish twice. */
  private exclusive<T>(stationId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(stationId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.locks.set(stationId, settled);
    void settled.then(() => {
      if (this.locks.get(stationId) === settled) this.locks.delete(stationId);
    });
    return next;
  }

  private async emit(s: SettledCommand): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(s);
      } catch (err) {
        this.log.error({ err, commandId: s.record.id }, 'command listener failed');
      }
    }
  }
}
