import { type EventMessage, tenantOf } from '@regiobox/contract';
import {
  deriveOrderState,
  type OrderEffect,
  type OrderKey,
  type OrderState,
  type ParcelState,
} from '../../domain/orders.js';
import type { ColdChainView, OrderView, ParcelView, StoredEvent, TimeRange } from '../fleet-store.js';
import { iso } from '../sqlite/rows.js';
import type { Sql } from './pg-database.js';

interface OrderRow {
  tenant: string;
  order_id: string;
  station_id: string;
  state: OrderState;
  created_at: string;
  updated_at: string;
  last_seq: number;
}

type ColdChainRecordJson = Omit<
  ColdChainView,
  'stationId' | 'tenant' | 'orderId' | 'parcelId' | 'kind' | 'eventId'
>;

/**
 * Orders projected from station events, as in the SQLite store: every row keeps the seq that last
 * changed it and an older event never moves a state backwards.
 */
export class PgOrderTable {
  async apply(sql: Sql, m: EventMessage, effect: OrderEffect): Promise<void> {
    const at = iso(m.at);
    const key: OrderKey = { tenant: effect.tenant, orderId: effect.orderId };
    if (effect.kind === 'create') {
      await sql.query(
        `INSERT INTO fleet_orders (tenant, order_id, station_id, state, created_at, updated_at, last_seq)
         VALUES ($1, $2, $3, 'reserved', $4, $4, $5) ON CONFLICT DO NOTHING`,
        [key.tenant, key.orderId, m.stationId, at, m.seq],
      );
      for (const p of effect.parcels) {
        await sql.query(
          `INSERT INTO fleet_parcels (tenant, order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'reserved', $9)
           ON CONFLICT (tenant, order_id, parcel_id) DO UPDATE SET zone = excluded.zone, size = excluded.size,
             deadline = COALESCE(fleet_parcels.deadline, excluded.deadline)`,
          [
            key.tenant,
            key.orderId,
            p.parcelId,
            m.stationId,
            p.compartment,
            p.zone,
            p.size,
            iso(p.deadline),
            m.seq,
          ],
        );
      }
      return;
    }
    if (effect.kind === 'deadline') {
      await sql.query(
        `UPDATE fleet_parcels SET deadline = $1
         WHERE tenant = $2 AND order_id = $3 AND state IN ('reserved', 'loaded', 'held')`,
        [iso(effect.deadline), key.tenant, key.orderId],
      );
      await this.touch(sql, key, at, m.seq);
      return;
    }
    const order = await this.ensure(sql, m, key, at);
    if (effect.kind === 'order') {
      if (m.seq > order.last_seq) await this.setState(sql, key, effect.state, at, m.seq);
      return;
    }
    await this.ensureParcel(sql, m, key, effect.parcelId);
    await sql.query(
      `UPDATE fleet_parcels SET state = $1, last_seq = $2
       WHERE tenant = $3 AND order_id = $4 AND parcel_id = $5 AND last_seq < $2`,
      [effect.state, m.seq, key.tenant, key.orderId, effect.parcelId],
    );
    const parcels = (
      await sql.query<{ state: ParcelState }>(
        'SELECT state FROM fleet_parcels WHERE tenant = $1 AND order_id = $2',
        [key.tenant, key.orderId],
      )
    ).map((p) => p.state);
    await this.setState(sql, key, deriveOrderState(order.state, parcels), at, m.seq);
  }

  async recordColdChain(sql: Sql, m: EventMessage): Promise<void> {
    const e = m.event;
    if ((e.type !== 'parcel.picked_up' && e.type !== 'parcel.held') || !e.coldChain) return;
    await sql.query(
      `INSERT INTO fleet_cold_chain (event_id, station_id, tenant, order_id, parcel_id, kind, record_json, to_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        m.id,
        m.stationId,
        tenantOf(e),
        e.orderId,
        e.parcelId,
        e.type === 'parcel.held' ? 'hold' : 'pickup',
        JSON.stringify(e.coldChain),
        iso(e.coldChain.to),
      ],
    );
  }

  async get(sql: Sql, key: OrderKey, history: readonly StoredEvent[]): Promise<OrderView | undefined> {
    const [o] = await sql.query<OrderRow>('SELECT * FROM fleet_orders WHERE tenant = $1 AND order_id = $2', [
      key.tenant,
      key.orderId,
    ]);
    if (!o) return undefined;
    const parcels = await sql.query<ParcelView>(
      `SELECT parcel_id AS "parcelId", compartment, zone, size, deadline, state FROM fleet_parcels
       WHERE tenant = $1 AND order_id = $2 ORDER BY parcel_id COLLATE "C"`,
      [key.tenant, key.orderId],
    );
    return {
      tenant: o.tenant,
      orderId: o.order_id,
      stationId: o.station_id,
      state: o.state,
      createdAt: o.created_at,
      updatedAt: o.updated_at,
      parcels,
      history,
      coldChain: await this.coldChainWhere(sql, 'tenant = $1 AND order_id = $2', [key.tenant, key.orderId]),
    };
  }

  coldChainForStation(sql: Sql, stationId: string, range: TimeRange): Promise<ColdChainView[]> {
    return this.coldChainWhere(sql, 'station_id = $1 AND to_at >= $2 AND to_at < $3', [
      stationId,
      range.from.toISOString(),
      range.to.toISOString(),
    ]);
  }

  private async coldChainWhere(sql: Sql, where: string, args: readonly unknown[]): Promise<ColdChainView[]> {
    const rows = await sql.query<{
      event_id: string;
      station_id: string;
      tenant: string;
      order_id: string;
      parcel_id: string;
      kind: 'pickup' | 'hold';
      record_json: ColdChainRecordJson;
    }>(`SELECT * FROM fleet_cold_chain WHERE ${where} ORDER BY to_at, event_id COLLATE "C"`, args);
    return rows.map((r) => ({
      ...r.record_json,
      stationId: r.station_id,
      tenant: r.tenant,
      orderId: r.order_id,
      parcelId: r.parcel_id,
      kind: r.kind,
      eventId: r.event_id,
    }));
  }

  /** An event about an order whose reservation the bridge never saw still yields an order. */
  private async ensure(sql: Sql, m: EventMessage, key: OrderKey, at: string): Promise<OrderRow> {
    await sql.query(
      `INSERT INTO fleet_orders (tenant, order_id, station_id, state, created_at, updated_at, last_seq)
       VALUES ($1, $2, $3, 'reserved', $4, $4, 0) ON CONFLICT DO NOTHING`,
      [key.tenant, key.orderId, m.stationId, at],
    );
    const [row] = await sql.query<OrderRow>(
      'SELECT * FROM fleet_orders WHERE tenant = $1 AND order_id = $2',
      [key.tenant, key.orderId],
    );
    return row!;
  }

  private async ensureParcel(sql: Sql, m: EventMessage, key: OrderKey, parcelId: string): Promise<void> {
    const e = m.event as { compartment?: number };
    const compartment = e.compartment ?? 0;
    const [known] = await sql.query<{ zone: string; size: string }>(
      'SELECT zone, size FROM fleet_compartments WHERE station_id = $1 AND no = $2',
      [m.stationId, compartment],
    );
    await sql.query(
      `INSERT INTO fleet_parcels (tenant, order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, 'reserved', 0) ON CONFLICT DO NOTHING`,
      [
        key.tenant,
        key.orderId,
        parcelId,
        m.stationId,
        compartment,
        known?.zone ?? 'unknown',
        known?.size ?? 'unknown',
      ],
    );
  }

  private async setState(sql: Sql, key: OrderKey, state: OrderState, at: string, seq: number): Promise<void> {
    await sql.query(
      `UPDATE fleet_orders SET state = $1, updated_at = $2, last_seq = GREATEST(last_seq, $3)
       WHERE tenant = $4 AND order_id = $5`,
      [state, at, seq, key.tenant, key.orderId],
    );
  }

  private async touch(sql: Sql, key: OrderKey, at: string, seq: number): Promise<void> {
    await sql.query(
      'UPDATE fleet_orders SET updated_at = $1, last_seq = GREATEST(last_seq, $2) WHERE tenant = $3 AND order_id = $4',
      [at, seq, key.tenant, key.orderId],
    );
  }
}
