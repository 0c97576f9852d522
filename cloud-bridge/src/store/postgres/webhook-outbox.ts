import type { Claim, Delivery, WebhookOutbox } from '../../webhooks/webhook-store.js';
import type { PgDatabase } from './pg-database.js';
import { countOf } from './rows.js';

interface Row {
  pos: number;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
}

/** when the head row is being claimed by another instance at this very moment */
const BUSY_RETRY_MS = 250;

const toDelivery = (r: Row): Delivery => ({
  pos: r.pos,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  body: r.body,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
});

/**
 * The webhook outbox on PostgreSQL: any bridge instance may deliver any row. An instance claims an
 * endpoint's oldest row (`FOR UPDATE SKIP LOCKED`, then a lease in the row); others leave it alone
 * until it is delivered or the lease runs out (its instance died), so an event id is delivered at
 * least once, not once per instance, and each receiver still gets its events in order.
 */
export class PgWebhookOutbox implements WebhookOutbox {
  constructor(private readonly db: PgDatabase) {}

  async enqueue(
    endpointId: string,
    eventId: string,
    eventType: string,
    body: string,
    at: Date,
  ): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO hook_deliveries (endpoint_id, event_id, event_type, body, state, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT DO NOTHING RETURNING 1`,
      [endpointId, eventId, eventType, body, at.toISOString()],
    );
    return rows.length > 0;
  }

  claim(endpointId: string, holder: string, now: Date, leaseMs: number): Promise<Claim> {
    return this.db.transaction(async (tx): Promise<Claim> => {
      const [head] = await tx.query<{ pos: number }>(
        "SELECT pos FROM hook_deliveries WHERE endpoint_id = $1 AND state = 'pending' ORDER BY pos LIMIT 1",
        [endpointId],
      );
      if (!head) return { kind: 'empty' };
      const [row] = await tx.query<Row>(
        "SELECT * FROM hook_deliveries WHERE pos = $1 AND state = 'pending' FOR UPDATE SKIP LOCKED",
        [head.pos],
      );
      if (!row) return { kind: 'wait', until: new Date(now.getTime() + BUSY_RETRY_MS) };
      const due = Date.parse(row.next_attempt_at);
      if (due > now.getTime()) return { kind: 'wait', until: new Date(due) };
      const held = row.claimed_until ? Date.parse(row.claimed_until) : 0;
      if (row.claimed_by !== holder && held > now.getTime()) return { kind: 'wait', until: new Date(held) };
      await tx.query('UPDATE hook_deliveries SET claimed_by = $1, claimed_until = $2 WHERE pos = $3', [
        holder,
        new Date(now.getTime() + leaseMs).toISOString(),
        row.pos,
      ]);
      return { kind: 'due', delivery: toDelivery(row) };
    });
  }

  async markDelivered(pos: number, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE hook_deliveries SET state = 'delivered', body = NULL, attempts = attempts + 1, finished_at = $1,
         claimed_by = NULL, claimed_until = NULL
       WHERE pos = $2 AND state = 'pending'`,
      [at.toISOString(), pos],
    );
  }

  async markRetry(pos: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db.query(
      `UPDATE hook_deliveries SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2,
         claimed_by = NULL, claimed_until = NULL
       WHERE pos = $3 AND state = 'pending'`,
      [nextAttemptAt.toISOString(), error.slice(0, 500), pos],
    );
  }

  async markFailed(pos: number, at: Date, error: string): Promise<void> {
    await this.db.query(
      `UPDATE hook_deliveries SET state = 'failed', attempts = attempts + 1, last_error = $1, finished_at = $2,
         claimed_by = NULL, claimed_until = NULL
       WHERE pos = $3 AND state = 'pending'`,
      [error.slice(0, 500), at.toISOString(), pos],
    );
  }

  async counts(endpointId: string): Promise<{ pending: number; delivered: number; failed: number }> {
    const rows = await this.db.query<{ state: string; n: number }>(
      'SELECT state, COUNT(*) AS n FROM hook_deliveries WHERE endpoint_id = $1 GROUP BY state',
      [endpointId],
    );
    const n = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return { pending: n('pending'), delivered: n('delivered'), failed: n('failed') };
  }

  /** Finished rows older than `before` go; they were the dedup memory for redelivered events. */
  prune(before: Date): Promise<number> {
    return countOf(
      this.db,
      "DELETE FROM hook_deliveries WHERE state IN ('delivered', 'failed') AND finished_at < $1",
      [before.toISOString()],
    );
  }
}
