import type { Db } from './database.js';

/**
 * What happened at which door and why. Every unlock (requested, confirmed, failed, unknown), every
 * door movement, forced door, block, rejected code, hold decision, moved deadline and change of limits goes here. Never a code in clear.
 */
export type AuditAction =
  | 'unlock_requested'
  | 'unlock_confirmed'
  | 'unlock_failed'
  | 'unlock_unknown'
  | 'unlock_not_used'
  | 'door_opened'
  | 'door_closed'
  | 'door_forced'
  | 'occupancy_mismatch'
  | 'code_rejected'
  | 'blocked'
  | 'unblocked'
  | 'service_code_issued'
  | 'hold_decided'
  | 'deadline_extended'
  | 'reconciled'
  | 'thresholds_set'
  | 'tour_accepted'
  | 'stop_confirmed_by_hand'
  | 'stop_confirm_refused'
  /** a counter: staff handed a parcel to its customer (or back to its producer); `by` is the staff member */
  | 'handed_over'
  /** a counter: staff booked a producer's delivery into a place; `by` is the staff member */
  | 'delivery_booked';

export interface AuditEntry {
  readonly at: string;
  readonly action: AuditAction;
  readonly compartmentNo?: number | null;
  readonly reason?: string | null;
  readonly orderId?: string | null;
  readonly parcelId?: string | null;
  readonly by?: string | null;
  readonly detail?: string | null;
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
}

export class AuditRepo {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, action, compartment_no, reason, order_id, parcel_id, by, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  append(e: AuditEntry): void {
    this.insert.run(
      e.at,
      e.action,
      e.compartmentNo ?? null,
      e.reason ?? null,
      e.orderId ?? null,
      e.parcelId ?? null,
      e.by ?? null,
      e.detail ?? null,
    );
  }

  /** Newest last; filtered by compartment when given. */
  list(opts: { compartmentNo?: number; limit?: number } = {}): AuditRow[] {
    const limit = opts.limit ?? 1000;
    const rows =
      opts.compartmentNo === undefined
        ? this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
        : this.db
            .prepare('SELECT * FROM audit_log WHERE compartment_no = ? ORDER BY id DESC LIMIT ?')
            .all(opts.compartmentNo, limit);
    return (rows as Record<string, unknown>[])
      .map((r) => ({
        id: r.id as number,
        at: r.at as string,
        action: r.action as AuditAction,
        compartmentNo: r.compartment_no as number | null,
        reason: r.reason as string | null,
        orderId: r.order_id as string | null,
        parcelId: r.parcel_id as string | null,
        by: r.by as string | null,
        detail: r.detail as string | null,
      }))
      .reverse();
  }
}
