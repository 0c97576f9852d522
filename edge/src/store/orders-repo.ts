import { DEFAULT_TENANT, type Size, type Zone } from '@regiobox/contract';
import type { OrderStatus } from '../domain/order.js';
import type { ParcelState } from '../domain/parcel.js';
import type { Db } from './database.js';

export interface OrderRow {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly cancelled: boolean;
  readonly cancelReason: string | null;
  readonly createdAt: string;
}

export interface ParcelRow {
  readonly orderId: string;
  readonly parcelId: string;
  readonly producer: string;
  readonly zone: Zone;
  readonly size: Size;
  readonly compartmentNo: number;
  readonly state: ParcelState;
  readonly goodsInside: boolean;
  readonly deadline: string;
  readonly reminded: boolean;
  readonly holdReason: string | null;
  readonly loadedAt: string | null;
}

interface RawParcel {
  order_id: string;
  parcel_id: string;
  producer: string;
  zone: Zone;
  size: Size;
  compartment_no: number;
  state: ParcelState;
  goods_inside: number;
  deadline: string;
  reminded: number;
  hold_reason: string | null;
  loaded_at: string | null;
}

const toParcel = (r: RawParcel): ParcelRow => ({
  orderId: r.order_id,
  parcelId: r.parcel_id,
  producer: r.producer,
  zone: r.zone,
  size: r.size,
  compartmentNo: r.compartment_no,
  state: r.state,
  goodsInside: r.goods_inside !== 0,
  deadline: r.deadline,
  reminded: r.reminded !== 0,
  holdReason: r.hold_reason,
  loadedAt: r.loaded_at,
});

const PARCEL_COLS =
  'order_id, parcel_id, producer, zone, size, compartment_no, state, goods_inside, deadline, reminded, hold_reason, loaded_at';
/** A parcel takes its compartment while in play or while its goods are inside. */
const OCCUPYING = "(state IN ('reserved', 'loaded', 'held') OR goods_inside = 1)";

export class OrdersRepo {
  private readonly parcelsOfStmt;
  private readonly occupantStmt;

  constructor(private readonly db: Db) {
    this.parcelsOfStmt = db.prepare(`SELECT ${PARCEL_COLS} FROM parcels WHERE order_id = ? ORDER BY rowid`);
    this.occupantStmt = db.prepare(
      `SELECT ${PARCEL_COLS} FROM parcels WHERE compartment_no = ? AND ${OCCUPYING}`,
    );
  }

  /** `orderId`: the local key (domain/order-key.ts), unique per tenant and order id */
  insertOrder(orderId: string, status: OrderStatus, at: string, tenant: string = DEFAULT_TENANT): void {
    this.db
      .prepare('INSERT INTO orders (order_id, tenant, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(orderId, tenant, status, at, at);
  }

  getOrder(orderId: string): OrderRow | null {
    const r = this.db
      .prepare('SELECT order_id, status, cancelled, cancel_reason, created_at FROM orders WHERE order_id = ?')
      .get(orderId) as
      | {
          order_id: string;
          status: OrderStatus;
          cancelled: number;
          cancel_reason: string | null;
          created_at: string;
        }
      | undefined;
    return r
      ? {
          orderId: r.order_id,
          status: r.status,
          cancelled: r.cancelled !== 0,
          cancelReason: r.cancel_reason,
          createdAt: r.created_at,
        }
      : null;
  }

  setOrderStatus(orderId: string, status: OrderStatus, at: string, closed: boolean): void {
    this.db
      .prepare(
        'UPDATE orders SET status = ?, updated_at = ?, closed_at = CASE WHEN ? THEN ? ELSE NULL END WHERE order_id = ?',
      )
      .run(status, at, closed ? 1 : 0, at, orderId);
  }

  markCancelled(orderId: string, reason: string): void {
    this.db
      .prepare('UPDATE orders SET cancelled = 1, cancel_reason = ? WHERE order_id = ?')
      .run(reason, orderId);
  }

  insertParcel(p: Omit<ParcelRow, 'reminded' | 'holdReason' | 'loadedAt'>, at: string): void {
    this.db
      .prepare(
        `INSERT INTO parcels (order_id, parcel_id, producer, zone, size, compartment_no, state, goods_inside, deadline, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.orderId,
        p.parcelId,
        p.producer,
        p.zone,
        p.size,
        p.compartmentNo,
        p.state,
        p.goodsInside ? 1 : 0,
        p.deadline,
        at,
      );
  }

  parcelsOf(orderId: string): ParcelRow[] {
    return (this.parcelsOfStmt.all(orderId) as RawParcel[]).map(toParcel);
  }

  getParcel(orderId: string, parcelId: string): ParcelRow | null {
    const r = this.db
      .prepare(`SELECT ${PARCEL_COLS} FROM parcels WHERE order_id = ? AND parcel_id = ?`)
      .get(orderId, parcelId) as RawParcel | undefined;
    return r ? toParcel(r) : null;
  }

  /** The parcel that has the compartment now, if any (at most one by construction). */
  occupant(compartmentNo: number): ParcelRow | null {
    const r = this.occupantStmt.get(compartmentNo) as RawParcel | undefined;
    return r ? toParcel(r) : null;
  }

  occupiedCompartments(): Set<number> {
    const rows = this.db
      .prepare(`SELECT DISTINCT compartment_no AS no FROM parcels WHERE ${OCCUPYING}`)
      .all() as {
      no: number;
    }[];
    return new Set(rows.map((r) => r.no));
  }

  setParcelState(
    orderId: string,
    parcelId: string,
    state: ParcelState,
    goodsInside: boolean,
    at: string,
    holdReason: string | null = null,
  ): void {
    this.db
      .prepare(
        `UPDATE parcels SET state = ?, goods_inside = ?, hold_reason = ?, updated_at = ?,
           loaded_at = CASE WHEN ? = 'loaded' AND loaded_at IS NULL THEN ? ELSE loaded_at END
         WHERE order_id = ? AND parcel_id = ?`,
      )
      .run(state, goodsInside ? 1 : 0, holdReason, at, state, at, orderId, parcelId);
  }

  /** A counter: the place staff chose for the goods (a place holds many parcels). */
  setPlace(orderId: string, parcelId: string, placeNo: number, at: string): void {
    this.db
      .prepare('UPDATE parcels SET compartment_no = ?, updated_at = ? WHERE order_id = ? AND parcel_id = ?')
      .run(placeNo, at, orderId, parcelId);
  }

  setDeadline(orderId: string, parcelId: string, deadline: string, at: string): void {
    this.db
      .prepare(
        'UPDATE parcels SET deadline = ?, reminded = 0, updated_at = ? WHERE order_id = ? AND parcel_id = ?',
      )
      .run(deadline, at, orderId, parcelId);
  }

  markReminded(orderId: string): void {
    this.db
      .prepare(
        "UPDATE parcels SET reminded = 1 WHERE order_id = ? AND state IN ('reserved', 'loaded', 'held')",
      )
      .run(orderId);
  }

  /** Parcels a deadline applies to whose deadline has passed. */
  dueForExpiry(nowIso: string): ParcelRow[] {
    return (
      this.db
        .prepare(
          `SELECT ${PARCEL_COLS} FROM parcels WHERE state IN ('reserved', 'loaded') AND deadline <= ? ORDER BY deadline`,
        )
        .all(nowIso) as RawParcel[]
    ).map(toParcel);
  }

  /** Parcels in play not yet reminded, for the caller to check against each zone's lead time. */
  unreminded(): ParcelRow[] {
    return (
      this.db
        .prepare(
          `SELECT ${PARCEL_COLS} FROM parcels WHERE state IN ('reserved', 'loaded') AND reminded = 0 ORDER BY deadline`,
        )
        .all() as RawParcel[]
    ).map(toParcel);
  }
}
