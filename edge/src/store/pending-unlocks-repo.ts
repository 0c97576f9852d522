import type { UnlockReason } from '@regiobox/contract';
import type { PendingUnlock, PendingUnlockStatus } from '../domain/door-cycle.js';
import type { Db } from './database.js';

export interface PendingUnlockRow extends PendingUnlock {
  readonly codeId: number | null;
  /** whether confirming the pulse used the code up (so that a door left shut gives it back) */
  readonly codeConsumed: boolean;
  readonly by: string | null;
  readonly requestedAt: string;
}

interface Raw {
  compartment_no: number;
  reason: UnlockReason;
  status: PendingUnlockStatus;
  order_id: string | null;
  parcel_id: string | null;
  code_id: number | null;
  code_consumed: number;
  by: string | null;
  requested_at: string;
}

const toRow = (r: Raw): PendingUnlockRow => ({
  compartment: r.compartment_no,
  reason: r.reason,
  status: r.status,
  orderId: r.order_id,
  parcelId: r.parcel_id,
  codeId: r.code_id,
  codeConsumed: r.code_consumed !== 0,
  by: r.by,
  requestedAt: r.requested_at,
});

/** Unlocks in flight, written before the pulse so that a crash leaves a trail to reconcile from. */
export class PendingUnlocksRepo {
  constructor(private readonly db: Db) {}

  insert(p: Omit<PendingUnlockRow, 'status' | 'codeConsumed'>): void {
    this.db
      .prepare(
        `INSERT INTO pending_unlocks (compartment_no, reason, status, order_id, parcel_id, code_id, by, requested_at)
         VALUES (?, ?, 'pulsing', ?, ?, ?, ?, ?)`,
      )
      .run(p.compartment, p.reason, p.orderId, p.parcelId, p.codeId, p.by, p.requestedAt);
  }

  get(compartment: number): PendingUnlockRow | null {
    const r = this.db.prepare('SELECT * FROM pending_unlocks WHERE compartment_no = ?').get(compartment) as
      | Raw
      | undefined;
    return r ? toRow(r) : null;
  }

  all(): PendingUnlockRow[] {
    return (this.db.prepare('SELECT * FROM pending_unlocks ORDER BY compartment_no').all() as Raw[]).map(
      toRow,
    );
  }

  forCode(codeId: number): PendingUnlockRow[] {
    return (this.db.prepare('SELECT * FROM pending_unlocks WHERE code_id = ?').all(codeId) as Raw[]).map(
      toRow,
    );
  }

  setStatus(compartment: number, status: PendingUnlockStatus, at: string, codeConsumed?: boolean): void {
    const column = status === 'opened' ? 'opened_at' : 'unlocked_at';
    this.db
      .prepare(
        `UPDATE pending_unlocks SET status = ?, ${column} = ?, code_consumed = COALESCE(?, code_consumed) WHERE compartment_no = ?`,
      )
      .run(status, at, codeConsumed === undefined ? null : codeConsumed ? 1 : 0, compartment);
  }

  delete(compartment: number): void {
    this.db.prepare('DELETE FROM pending_unlocks WHERE compartment_no = ?').run(compartment);
  }
}
