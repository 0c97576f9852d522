import type { Db } from '../store/database.js';
import { withStatementCache } from '../store/statement-cache.js';

export interface Delivery {
  readonly pos: number;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly body: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
}

/**
 * What a dispatcher may do with an endpoint's oldest undelivered row: deliver it now (`due`: it is
 * claimed for this dispatcher until the lease runs out), look again at `until` (not due yet, or
 * another bridge instance holds it), or sleep until something is enqueued (`empty`).
 */
export type Claim =
  | { readonly kind: 'due'; readonly delivery: Delivery }
  | { readonly kind: 'wait'; readonly until: Date }
  | { readonly kind: 'empty' };

/** The bridge's webhook outbox: one row per (endpoint, event), delivered in order per endpoint. */
export interface WebhookOutbox {
  /** false when this endpoint already has this event (a redelivered station event) */
  enqueue(endpointId: string, eventId: string, eventType: string, body: string, at: Date): Promise<boolean>;
  /**
   * Claims the endpoint's oldest undelivered row for `holder` for `leaseMs` if it is due. Only the
   * oldest: each receiver sees its events in order. A holder that dies loses the row when the lease
   * runs out, so it is delivered at least once, but not once per bridge instance.
   */
  claim(endpointId: string, holder: string, now: Date, leaseMs: number): Promise<Claim>;
  /** the body is dropped on delivery: it may hold clear codes */
  markDelivered(pos: number, at: Date): Promise<void>;
  markRetry(pos: number, nextAttemptAt: Date, error: string): Promise<void>;
  /** given up after too many attempts; kept (without body after `prune`) for the operator */
  markFailed(pos: number, at: Date, error: string): Promise<void>;
  counts(endpointId: string): Promise<{ pending: number; delivered: number; failed: number }>;
  prune(before: Date): Promise<number>;
}

interface Row {
  pos: number;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
  next_attempt_at: string;
}

export class SqliteWebhookOutbox implements WebhookOutbox {
  private readonly db: Db;

  constructor(file: Db) {
    this.db = withStatementCache(file);
  }

  async enqueue(
    endpointId: string,
    eventId: string,
    eventType: string,
    body: string,
    at: Date,
  ): Promise<boolean> {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO hook_deliveries (endpoint_id, event_id, event_type, body, state, next_attempt_at, created_at)
           VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
        )
        .run(endpointId, eventId, eventType, body, at.toISOString(), at.toISOString()).changes > 0
    );
  }

  /** One bridge owns a SQLite file, so there is nobody to share with: no lease is kept. */
  async claim(endpointId: string, _holder: string, now: Date): Promise<Claim> {
    const r = this.db
      .prepare(
        "SELECT * FROM hook_deliveries WHERE endpoint_id = ? AND state = 'pending' ORDER BY pos LIMIT 1",
      )
      .get(endpointId) as Row | undefined;
    if (!r) return { kind: 'empty' };
    if (Date.parse(r.next_attempt_at) > now.getTime())
      return { kind: 'wait', until: new Date(r.next_attempt_at) };
    return {
      kind: 'due',
      delivery: {
        pos: r.pos,
        endpointId: r.endpoint_id,
        eventId: r.event_id,
        eventType: r.event_type,
        body: r.body,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
      },
    };
  }

  async markDelivered(pos: number, at: Date): Promise<void> {
    this.db
      .prepare(
        "UPDATE hook_deliveries SET state = 'delivered', body = NULL, attempts = attempts + 1, finished_at = ? WHERE pos = ?",
      )
      .run(at.toISOString(), pos);
  }

  async markRetry(pos: number, nextAttemptAt: Date, error: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE hook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE pos = ?',
      )
      .run(nextAttemptAt.toISOString(), error.slice(0, 500), pos);
  }

  async markFailed(pos: number, at: Date, error: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE hook_deliveries SET state = 'failed', attempts = attempts + 1, last_error = ?, finished_at = ? WHERE pos = ?",
      )
      .run(error.slice(0, 500), at.toISOString(), pos);
  }

  async counts(endpointId: string): Promise<{ pending: number; delivered: number; failed: number }> {
    const rows = this.db
      .prepare('SELECT state, COUNT(*) AS n FROM hook_deliveries WHERE endpoint_id = ? GROUP BY state')
      .all(endpointId) as { state: string; n: number }[];
    const n = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return { pending: n('pending'), delivered: n('delivered'), failed: n('failed') };
  }

  /** Finished rows older than `before` go; they were the dedup memory for redelivered events. */
  async prune(before: Date): Promise<number> {
    return this.db
      .prepare("DELETE FROM hook_deliveries WHERE state IN ('delivered', 'failed') AND finished_at < ?")
      .run(before.toISOString()).changes;
  }
}
