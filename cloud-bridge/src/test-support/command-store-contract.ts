import type { CommandType, ReplyMessage } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRecord, CommandStore } from '../commands/command-store.js';

export interface OpenedCommandStore {
  readonly store: CommandStore;
  dispose(): Promise<void> | void;
}

/** One engine the command outbox runs on (SQLite in `npm test`, PostgreSQL in the system tests). */
export interface CommandStoreEngine {
  readonly name: string;
  open(): Promise<OpenedCommandStore>;
}

const S = 'dorfladen-1';
const t0 = Date.parse('2026-01-01T08:00:00.000Z');
const at = (s: number) => new Date(t0 + s * 1000);

/** A command as CommandCenter queues it; `created` and `ttl` in seconds from t0. */
export const queuedCommand = (
  id: string,
  created: number,
  ttl = 60,
  type: CommandType = 'resend_state',
  orderId: string | null = null,
): CommandRecord => ({
  id,
  stationId: S,
  type,
  tenant: 'default',
  orderId,
  message: {
    v: 1,
    id,
    stationId: S,
    issuedAt: at(created).toISOString(),
    expiresAt: at(created + ttl).toISOString(),
    command: { type: 'resend_state' },
  },
  createdAt: at(created).toISOString(),
  expiresAt: at(created + ttl).toISOString(),
  state: 'pending',
  attempts: 0,
  sentAt: null,
  sentSession: null,
  repliedAt: null,
  reply: null,
});

const reply = (commandId: string): ReplyMessage => ({
  v: 1,
  commandId,
  stationId: S,
  at: at(5).toISOString(),
  ok: true,
  result: { sent: true },
});

/** The promises every CommandStore keeps, whatever the engine: one suite, run on each. */
export const describeCommandStore = (engine: CommandStoreEngine): void => {
  describe(`the ${engine.name} command outbox`, () => {
    let opened: OpenedCommandStore;
    let store: CommandStore;
    beforeEach(async () => {
      opened = await engine.open();
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    it('hands out queued commands oldest first, again after a new session, never after a reply', async () => {
      await store.insert(queuedCommand('cmd-second', 2));
      await store.insert(queuedCommand('cmd-first', 1));
      expect((await store.deliverable(S, 1, at(3))).map((c) => c.id)).toEqual(['cmd-first', 'cmd-second']);
      await store.markSent('cmd-first', at(3), 1);
      expect((await store.deliverable(S, 1, at(3))).map((c) => c.id)).toEqual(['cmd-second']);
      // the station reconnected: what it never answered goes out again
      expect((await store.deliverable(S, 2, at(4))).map((c) => c.id)).toEqual(['cmd-first', 'cmd-second']);
      expect(await store.get('cmd-first')).toMatchObject({ state: 'sent', attempts: 1, sentSession: 1 });
      expect(await store.markReplied('cmd-first', reply('cmd-first'), at(5), null)).toBe('replied');
      expect(await store.markReplied('cmd-first', reply('cmd-first'), at(6), null)).toBe(false);
      expect((await store.deliverable(S, 3, at(6))).map((c) => c.id)).toEqual(['cmd-second']);
      expect(await store.get('cmd-first')).toMatchObject({ state: 'replied', reply: reply('cmd-first') });
    });

    it('expires each overdue command once: pending ones expired, sent ones unanswered', async () => {
      await store.insert(queuedCommand('cmd-pending', 0, 10));
      await store.insert(queuedCommand('cmd-sent', 1, 10));
      await store.insert(queuedCommand('cmd-later', 2, 100));
      await store.markSent('cmd-sent', at(2), 1);
      expect(await store.hasOpen(S, 'resend_state', at(5))).toBe(true);
      const expired = await store.expireDue(at(20));
      expect(expired.map((c) => [c.id, c.state])).toEqual([
        ['cmd-pending', 'expired'],
        ['cmd-sent', 'unanswered'],
      ]);
      expect(await store.expireDue(at(21))).toEqual([]);
      expect((await store.unansweredSince(at(30), at(30))).map((c) => c.id)).toEqual([]);
    });

    it('hands the kept result of a reply out once, and withdraws only what was not sent', async () => {
      await store.insert(queuedCommand('cmd-codes', 0, 60, 'reserve', 'o-1'));
      await store.insert(queuedCommand('cmd-queued', 1, 60, 'reserve', 'o-1'));
      expect((await store.latestReservation('default', 'o-1'))?.id).toBe('cmd-queued');
      // order ids are unique per tenant: another tenant's o-1 is not this one
      await store.insert({ ...queuedCommand('cmd-other', 2, 60, 'reserve', 'o-1'), tenant: 'lorena' });
      expect((await store.latestReservation('lorena', 'o-1'))?.id).toBe('cmd-other');
      expect((await store.latestReservation('default', 'o-1'))?.id).toBe('cmd-queued');
      await store.markSent('cmd-codes', at(1), 1);
      expect(await store.withdraw('cmd-codes')).toBe(false);
      expect(await store.withdraw('cmd-queued')).toBe(true);
      await store.markReplied('cmd-codes', reply('cmd-codes'), at(2), '{"pickupPin":"48291375"}');
      expect(await store.takeUndeliveredResult('cmd-codes')).toBe('{"pickupPin":"48291375"}');
      expect(await store.takeUndeliveredResult('cmd-codes')).toBeNull();
      expect(await store.prune(at(3600), at(3600))).toBe(2);
      expect(await store.get('cmd-codes')).toBeUndefined();
    });

    it('tells whether a reply came while a caller waited for it, and the caller whether one came before its wait ended', async () => {
      await store.insert(queuedCommand('cmd-awaited', 0));
      await store.insert(queuedCommand('cmd-late', 0));
      await store.insert(queuedCommand('cmd-none', 0));
      for (const id of ['cmd-awaited', 'cmd-late', 'cmd-none']) {
        await store.markSent(id, at(1), 1);
        await store.awaitUntil(id, at(6));
      }
      expect(await store.markReplied('cmd-awaited', reply('cmd-awaited'), at(2), null)).toBe('awaited');
      expect(await store.endAwait('cmd-awaited')).toBe(false);
      expect(await store.markReplied('cmd-late', reply('cmd-late'), at(7), null)).toBe('replied');
      expect(await store.endAwait('cmd-none')).toBe(true);
      expect(await store.markReplied('cmd-none', reply('cmd-none'), at(3), null)).toBe('replied');
    });
  });
};
