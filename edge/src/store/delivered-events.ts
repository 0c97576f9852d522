import type { EventMessage } from '@regiobox/contract';
import type { Db } from './database.js';

export interface DeliveredEvent {
  readonly seq: number;
  /** the JSON text as it was published; codes.issued with its codes blanked */
  readonly payload: string;
}

/**
 * The station keeps no clear code once it was delivered: the kept copy of `codes.issued` has every
 * code blanked (empty strings, as in a repeated reply).
 */
export const withoutClearCodes = (message: EventMessage): EventMessage => {
  const e = message.event;
  if (e.type !== 'codes.issued') return message;
  return {
    ...message,
    event: {
      ...e,
      ...(e.pickupPin !== undefined ? { pickupPin: '' } : {}),
      ...(e.qrToken !== undefined ? { qrToken: '' } : {}),
      loadingCodes: e.loadingCodes.map((c) => ({ ...c, code: '' })),
      retrievalCodes: e.retrievalCodes.map((c) => ({ ...c, code: '' })),
    },
  };
};

/**
 * Events after their delivery, kept for a while so that they can be published again on request
 * (replay_events). The outbox moves an event here in the transaction that deletes it.
 */
export class DeliveredEvents {
  private readonly insertStmt;
  private readonly rangeStmt;
  private readonly oldestStmt;
  private readonly pruneStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT OR IGNORE INTO delivered_events (seq, msg_id, payload, delivered_at) VALUES (?, ?, ?, ?)',
    );
    this.rangeStmt = db.prepare(
      'SELECT seq, payload FROM delivered_events WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?',
    );
    this.oldestStmt = db.prepare('SELECT MIN(seq) AS seq FROM delivered_events');
    this.pruneStmt = db.prepare('DELETE FROM delivered_events WHERE delivered_at < ?');
  }

  /** Keeps a delivered event; call inside the transaction that deletes it from the outbox. */
  keep(payload: string, deliveredAt: Date): void {
    const message = JSON.parse(payload) as EventMessage;
    const kept = message.event.type === 'codes.issued' ? JSON.stringify(withoutClearCodes(message)) : payload;
    this.insertStmt.run(message.seq, message.id, kept, deliveredAt.toISOString());
  }

  /** Kept events with fromSeq ≤ seq ≤ toSeq, oldest first, at most `limit`. */
  range(fromSeq: number, toSeq: number, limit: number): DeliveredEvent[] {
    return this.rangeStmt.all(fromSeq, toSeq, limit) as DeliveredEvent[];
  }

  oldestSeq(): number | null {
    return (this.oldestStmt.get() as { seq: number | null }).seq;
  }

  /** Forgets events delivered before `before`; returns how many. */
  pruneDeliveredBefore(before: Date): number {
    return this.pruneStmt.run(before.toISOString()).changes;
  }
}
