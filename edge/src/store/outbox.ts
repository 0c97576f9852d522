import { randomUUID } from 'node:crypto';
import type { EventBody, EventMessage, TelemetryMessage } from '@regiobox/contract';
import { orderRefOf } from '../domain/order-key.js';
import type { Db } from './database.js';
import { DeliveredEvents } from './delivered-events.js';

/**
 * How events are stamped with regard to the station's clock: while it is not trusted they are marked
 * `clockUnsynced`, and each such event is reported (inside its transaction) so that its time can be
 * corrected once the clock is synchronised.
 */
export interface EventStamping {
  unsynced(): boolean;
  stamped(message: EventMessage): void;
}

export interface OutboxEntry {
  readonly pos: number;
  readonly kind: 'event' | 'telemetry';
  readonly msgId: string;
  /** the JSON text published as is */
  readonly payload: string;
}

/**
 * Everything the marketplace must learn, written in the same SQLite transaction as the state change
 * that caused it. The link drains it in `pos` order and deletes an entry only after the broker's PUBACK.
 * Events carry a gapless per-station `seq`; telemetry may be thinned when the backlog grows.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();
  private notifyScheduled = false;
  private readonly insert;
  private readonly nextSeqStmt;
  private readonly bumpSeqStmt;
  private readonly kindStmt;
  private readonly deleteStmt;
  private readonly peekStmt;
  /** events after delivery, kept for replay_events */
  readonly delivered: DeliveredEvents;

  constructor(
    private readonly db: Db,
    private readonly stationId: string,
    private readonly stamping?: EventStamping,
  ) {
    this.insert = db.prepare('INSERT INTO outbox (kind, msg_id, payload, occurred_at) VALUES (?, ?, ?, ?)');
    this.nextSeqStmt = db.prepare("SELECT value FROM meta WHERE key = 'event_seq'");
    this.kindStmt = db.prepare('SELECT kind, payload FROM outbox WHERE pos = ?');
    this.deleteStmt = db.prepare('DELETE FROM outbox WHERE pos = ?');
    // prepared once: preparing on every call was a large part of the drain's CPU
    this.peekStmt = db.prepare(
      'SELECT pos, kind, msg_id AS msgId, payload FROM outbox WHERE pos > ? ORDER BY pos LIMIT ?',
    );
    this.delivered = new DeliveredEvents(db);
    this.bumpSeqStmt = db.prepare(
      "INSERT INTO meta (key, value) VALUES ('event_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
  }

  /** Call inside the transaction that makes the change; the link is woken after it commits. */
  appendEvent(event: EventBody, at: Date, opts: { clockUnsynced?: boolean } = {}): EventMessage {
    // its own (nested) transaction, so that the seq counter and the row are never split by a crash
    return this.db.transaction(() => this.appendEventNow(event, at, opts))();
  }

  private appendEventNow(event: EventBody, at: Date, opts: { clockUnsynced?: boolean }): EventMessage {
    const seq = this.lastSeq() + 1;
    this.bumpSeqStmt.run(String(seq));
    const unsynced = opts.clockUnsynced ?? this.stamping?.unsynced() ?? false;
    const message: EventMessage = {
      v: 1,
      id: randomUUID(),
      stationId: this.stationId,
      seq,
      at: at.toISOString(),
      ...(unsynced ? { clockUnsynced: true } : {}),
      event: withTenant(event),
    };
    this.insert.run('event', message.id, JSON.stringify(message), message.at);
    if (unsynced) this.stamping?.stamped(message);
    this.scheduleNotify();
    return message;
  }

  /**
   * Sets a better `at` on events still waiting to be sent, keeping the first stamp in
   * `clockCorrectedFrom`. Events already delivered are gone from the outbox and stay as sent.
   * Returns how many were rewritten.
   */
  correctEventTimes(corrections: readonly { readonly msgId: string; readonly at: Date }[]): number {
    const read = this.db.prepare("SELECT payload FROM outbox WHERE kind = 'event' AND msg_id = ?");
    const write = this.db.prepare(
      "UPDATE outbox SET payload = ?, occurred_at = ? WHERE kind = 'event' AND msg_id = ?",
    );
    return this.db.transaction(() => {
      let rewritten = 0;
      for (const c of corrections) {
        const row = read.get(c.msgId) as { payload: string } | undefined;
        if (!row) continue;
        const message = JSON.parse(row.payload) as EventMessage;
        const corrected: EventMessage = {
          ...message,
          at: c.at.toISOString(),
          clockUnsynced: true,
          clockCorrectedFrom: message.clockCorrectedFrom ?? message.at,
        };
        write.run(JSON.stringify(corrected), corrected.at, c.msgId);
        rewritten++;
      }
      return rewritten;
    })();
  }

  appendTelemetry(message: TelemetryMessage): void {
    this.insert.run('telemetry', message.batchId, JSON.stringify(message), message.at);
    this.scheduleNotify();
  }

  lastSeq(): number {
    const row = this.nextSeqStmt.get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  peek(limit: number, afterPos = 0): OutboxEntry[] {
    return this.peekStmt.all(afterPos, limit) as OutboxEntry[];
  }

  /**
   * Deletes an entry the broker acknowledged. An event is kept in `delivered_events` (same
   * transaction) for a replay request; telemetry is simply gone.
   */
  remove(pos: number, deliveredAt: Date): void {
    this.removeMany([pos], deliveredAt);
  }

  /** `remove` for a run of acknowledged entries in one transaction: one commit instead of one each. */
  removeMany(positions: readonly number[], deliveredAt: Date): void {
    this.db.transaction(() => {
      for (const pos of positions) {
        const row = this.kindStmt.get(pos) as { kind: 'event' | 'telemetry'; payload: string } | undefined;
        if (row?.kind === 'event') this.delivered.keep(row.payload, deliveredAt);
        this.deleteStmt.run(pos);
      }
    })();
  }

  size(): { events: number; telemetry: number } {
    const rows = this.db.prepare('SELECT kind, COUNT(*) AS n FROM outbox GROUP BY kind').all() as {
      kind: 'event' | 'telemetry';
      n: number;
    }[];
    return {
      events: rows.find((r) => r.kind === 'event')?.n ?? 0,
      telemetry: rows.find((r) => r.kind === 'telemetry')?.n ?? 0,
    };
  }

  /** Keeps the newest `keep` telemetry batches; order and alarm events are never dropped. */
  thinTelemetry(keep: number): number {
    return this.db
      .prepare(
        "DELETE FROM outbox WHERE kind = 'telemetry' AND pos NOT IN (SELECT pos FROM outbox WHERE kind = 'telemetry' ORDER BY pos DESC LIMIT ?)",
      )
      .run(keep).changes;
  }

  /** Listener runs after the appending transaction has finished (committed or rolled back). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      for (const l of this.listeners) l();
    });
  }
}

/**
 * Inside the station an order is known by its local key; the marketplace knows it by its tenant and
 * order id. Every event about an order leaves with both.
 */
const withTenant = (event: EventBody): EventBody => {
  if (!('orderId' in event) || typeof event.orderId !== 'string') return event;
  const { tenant, orderId } = orderRefOf(event.orderId);
  return { ...event, tenant, orderId };
};
