import { type EventMessage, tenantOf } from '@regiobox/contract';
import {
  deriveOrderState,
  type OrderEffect,
  type OrderKey,
  type OrderState,
  type ParcelState,
} from '../../domain/orders.js';
import type { Db } from '../database.js';
import type { ColdChainView, OrderView, ParcelView, StoredEvent, TimeRange } from '../fleet-store.js';
import { iso } from './rows.js';

interface OrderRow {
  tenant: string;
  order_id: string;
  station_id: string;
  state: OrderState;
  created_at: string;
  updated_at: string;
  last_seq: number;
}

/**
 * Orders projected from station events. Events can arrive late (after a gap), so every row keeps the
 * seq that last changed it and an older event never moves a state backwards.
 */
export class OrderTable {
  constructor(private readonly db: Db) {}

  apply(m: EventMessage, effect: OrderEffect): void {
    const at = iso(m.at);
    const key: OrderKey = { tenant: effect.tenant, orderId: effect.orderId };
    if (effect.kind === 'create') {
      this.db
        .prepare(
          `INSERT OR IGNORE INTO fleet_orders (tenant, order_id, station_id, state, created_at, updated_at, last_seq)
           VALUES (?, ?, ?, 'reserved', ?, ?, ?)`,
        )
        .run(key.tenant, key.orderId, m.stationId, at, at, m.seq);
      const parcel = this.db.prepare(
        `INSERT INTO fleet_parcels (tenant, order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?)
         ON CONFLICT (tenant, order_id, parcel_id) DO UPDATE SET zone = excluded.zone, size = excluded.size,
           deadline = COALESCE(fleet_parcels.deadline, excluded.deadline)`,
      );
      for (const p of effect.parcels) {
        parcel.run(
          key.tenant,
          key.orderId,
          p.parcelId,
          m.stationId,
          p.compartment,
          p.zone,
          p.size,
          iso(p.deadline),
          m.seq,
        );
      }
      return;
    }
    if (effect.kind === 'deadline') {
      this.db
        .prepare(
          "UPDATE fleet_parcels SET deadline = ? WHERE tenant = ? AND order_id = ? AND state IN ('reserved', 'loaded', 'held')",
        )
        .run(iso(effect.deadline), key.tenant, key.orderId);
      this.touch(key, at, m.seq);
      return;
    }
    const order = this.ensure(m, key, at);
    if (effect.kind === 'order') {
      if (m.seq > order.last_seq) this.setState(key, effect.state, at, m.seq);
      return;
    }
    this.ensureParcel(m, key, effect.parcelId);
    this.db
      .prepare(
        'UPDATE fleet_parcels SET state = ?, last_seq = ? WHERE tenant = ? AND order_id = ? AND parcel_id = ? AND last_seq < ?',
      )
      .run(effect.state, m.seq, key.tenant, key.orderId, effect.parcelId, m.seq);
    const parcels = (
      this.db
        .prepare('SELECT state FROM fleet_parcels WHERE tenant = ? AND order_id = ?')
        .all(key.tenant, key.orderId) as { state: ParcelState }[]
    ).map((p) => p.state);
    this.setState(key, deriveOrderState(order.state, parcels), at, m.seq);
  }

  recordColdChain(m: EventMessage): void {
    const e = m.event;
    if ((e.type !== 'parcel.picked_up' && e.type !== 'parcel.held') || !e.coldChain) return;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO fleet_cold_chain (event_id, station_id, tenant, order_id, parcel_id, kind, record_json, to_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.id,
        m.stationId,
        tenantOf(e),
        e.orderId,
        e.parcelId,
        e.type === 'parcel.held' ? 'hold' : 'pickup',
        JSON.stringify(e.coldChain),
        iso(e.coldChain.to),
      );
  }

  get(key: OrderKey, history: readonly StoredEvent[]): OrderView | undefined {
    const o = this.db
      .prepare('SELECT * FROM fleet_orders WHERE tenant = ? AND order_id = ?')
      .get(key.tenant, key.orderId) as OrderRow | undefined;
    if (!o) return undefined;
    const parcels = this.db
      .prepare(
        `SELECT parcel_id AS parcelId, compartment, zone, size, deadline, state FROM fleet_parcels
         WHERE tenant = ? AND order_id = ? ORDER BY parcel_id`,
      )
      .all(key.tenant, key.orderId) as ParcelView[];
    const coldChain = this.coldChainWhere('tenant = ? AND order_id = ?', [key.tenant, key.orderId]);
    return {
      tenant: o.tenant,
      orderId: o.order_id,
      stationId: o.station_id,
      state: o.state,
      createdAt: o.created_at,
      updatedAt: o.updated_at,
      parcels,
      history,
      coldChain,
    };
  }

  coldChainForStation(stationId: string, range: TimeRange): ColdChainView[] {
    return this.coldChainWhere('station_id = ? AND to_at >= ? AND to_at < ?', [
      stationId,
      range.from.toISOString(),
      range.to.toISOString(),
    ]);
  }

  private coldChainWhere(where: string, args: readonly unknown[]): ColdChainView[] {
    const rows = this.db
      .prepare(`SELECT * FROM fleet_cold_chain WHERE ${where} ORDER BY to_at, event_id`)
      .all(...args) as {
      event_id: string;
      station_id: string;
      tenant: string;
      order_id: string;
      parcel_id: string;
      kind: 'pickup' | 'hold';
      record_json: string;
    }[];
    return rows.map((r) => ({
      ...(JSON.parse(r.record_json) as Omit<
        ColdChainView,
        'stationId' | 'tenant' | 'orderId' | 'parcelId' | 'kind' | 'eventId'
      >),
      stationId: r.station_id,
      tenant: r.tenant,
      orderId: r.order_id,
      parcelId: r.parcel_id,
      kind: r.kind,
      eventId: r.event_id,
    }));
  }

  /** An event about an order whose reservation the bridge never saw still yields an order. */
  private ensure(m: EventMessage, key: OrderKey, at: string): OrderRow {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO fleet_orders (tenant, order_id, station_id, state, created_at, updated_at, last_seq)
         VALUES (?, ?, ?, 'reserved', ?, ?, 0)`,
      )
      .run(key.tenant, key.orderId, m.stationId, at, at);
    return this.db
      .prepare('SELECT * FROM fleet_orders WHERE tenant = ? AND order_id = ?')
      .get(key.tenant, key.orderId) as OrderRow;
  }

  private ensureParcel(m: EventMessage, key: OrderKey, parcelId: string): void {
    const e = m.event as { compartment?: number };
    const compartment = e.compartment ?? 0;
    const known = this.db
      .prepare('SELECT zone, size FROM fleet_compartments WHERE station_id = ? AND no = ?')
      .get(m.stationId, compartment) as { zone: string; size: string } | undefined;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO fleet_parcels (tenant, order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'reserved', 0)`,
      )
      .run(
        key.tenant,
        key.orderId,
        parcelId,
        m.stationId,
        compartment,
        known?.zone ?? 'unknown',
        known?.size ?? 'unknown',
      );
  }

  private setState(key: OrderKey, state: OrderState, at: string, seq: number): void {
    this.db
      .prepare(
        'UPDATE fleet_orders SET state = ?, updated_at = ?, last_seq = MAX(last_seq, ?) WHERE tenant = ? AND order_id = ?',
      )
      .run(state, at, seq, key.tenant, key.orderId);
  }

  private touch(key: OrderKey, at: string, seq: number): void {
    this.db
      .prepare(
        'UPDATE fleet_orders SET updated_at = ?, last_seq = MAX(last_seq, ?) WHERE tenant = ? AND order_id = ?',
      )
      .run(at, seq, key.tenant, key.orderId);
  }
}
