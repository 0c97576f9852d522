import type { CodeKind } from '../domain/codes.js';
import type { Db } from './database.js';

export type CodeStatus = 'active' | 'used' | 'revoked' | 'expired';

export interface CodeRow {
  readonly id: number;
  readonly mac: Buffer;
  readonly kind: CodeKind;
  readonly orderId: string | null;
  readonly parcelId: string | null;
  readonly compartmentNo: number | null;
  readonly status: CodeStatus;
  readonly validUntil: string;
  readonly issuedBy: string | null;
}

interface RawCode {
  id: number;
  mac: Buffer;
  kind: CodeKind;
  order_id: string | null;
  parcel_id: string | null;
  compartment_no: number | null;
  status: CodeStatus;
  valid_until: string;
  issued_by: string | null;
}

const toCode = (r: RawCode): CodeRow => ({
  id: r.id,
  mac: r.mac,
  kind: r.kind,
  orderId: r.order_id,
  parcelId: r.parcel_id,
  compartmentNo: r.compartment_no,
  status: r.status,
  validUntil: r.valid_until,
  issuedBy: r.issued_by,
});

const COLS = 'id, mac, kind, order_id, parcel_id, compartment_no, status, valid_until, issued_by';

export interface NewCode {
  readonly mac: Buffer;
  readonly kind: CodeKind;
  readonly orderId?: string | null;
  readonly parcelId?: string | null;
  readonly compartmentNo?: number | null;
  readonly validUntil: string;
  readonly issuedBy?: string | null;
}

/** Codes by their MAC only; the table never sees a clear code. */
export class CodesRepo {
  private readonly activeStmt;
  private readonly recentInactiveStmt;

  constructor(private readonly db: Db) {
    this.activeStmt = db.prepare(`SELECT ${COLS} FROM codes WHERE status = 'active'`);
    this.recentInactiveStmt = db.prepare(
      `SELECT ${COLS} FROM codes WHERE status != 'active' ORDER BY id DESC LIMIT 2000`,
    );
  }

  insert(c: NewCode, createdAt: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO codes (mac, kind, order_id, parcel_id, compartment_no, status, valid_until, created_at, issued_by)
           VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
        )
        .run(
          c.mac,
          c.kind,
          c.orderId ?? null,
          c.parcelId ?? null,
          c.compartmentNo ?? null,
          c.validUntil,
          createdAt,
          c.issuedBy ?? null,
        ).lastInsertRowid,
    );
  }

  activeCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM codes WHERE status = 'active'").get() as { n: number })
      .n;
  }

  active(): CodeRow[] {
    return (this.activeStmt.all() as RawCode[]).map(toCode);
  }

  /** Recently finished codes, to tell a customer "already used" or "expired" instead of "wrong". */
  recentInactive(): CodeRow[] {
    return (this.recentInactiveStmt.all() as RawCode[]).map(toCode);
  }

  get(id: number): CodeRow | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM codes WHERE id = ?`).get(id) as RawCode | undefined;
    return r ? toCode(r) : null;
  }

  setStatus(id: number, status: CodeStatus, at: string): void {
    this.db
      .prepare(
        "UPDATE codes SET status = ?, used_at = CASE WHEN ? = 'used' THEN ? ELSE used_at END WHERE id = ?",
      )
      .run(status, status, at, id);
  }

  /** Ends every active code of an order (or of one parcel of it) that matches `kinds`. */
  revokeFor(orderId: string, kinds: readonly CodeKind[], parcelId?: string): number {
    const marks = kinds.map(() => '?').join(', ');
    const parcelClause = parcelId === undefined ? '' : ' AND parcel_id = ?';
    const args: (string | number)[] = [orderId, ...kinds, ...(parcelId === undefined ? [] : [parcelId])];
    return this.db
      .prepare(
        `UPDATE codes SET status = 'revoked' WHERE status = 'active' AND order_id = ? AND kind IN (${marks})${parcelClause}`,
      )
      .run(...args).changes;
  }

  setValidUntilFor(orderId: string, kinds: readonly CodeKind[], validUntil: string): void {
    const marks = kinds.map(() => '?').join(', ');
    this.db
      .prepare(
        `UPDATE codes SET valid_until = ? WHERE status = 'active' AND order_id = ? AND kind IN (${marks})`,
      )
      .run(validUntil, orderId, ...kinds);
  }

  setValidUntil(id: number, validUntil: string): void {
    this.db.prepare('UPDATE codes SET valid_until = ? WHERE id = ?').run(validUntil, id);
  }

  expireDue(nowIso: string): number {
    return this.db
      .prepare("UPDATE codes SET status = 'expired' WHERE status = 'active' AND valid_until <= ?")
      .run(nowIso).changes;
  }

  /** Keeps finished codes for a while (for "already used" answers), then forgets them. */
  purgeFinishedBefore(iso: string): number {
    return this.db.prepare("DELETE FROM codes WHERE status != 'active' AND valid_until < ?").run(iso).changes;
  }

  forOrder(orderId: string): CodeRow[] {
    return (
      this.db.prepare(`SELECT ${COLS} FROM codes WHERE order_id = ? ORDER BY id`).all(orderId) as RawCode[]
    ).map(toCode);
  }
}
