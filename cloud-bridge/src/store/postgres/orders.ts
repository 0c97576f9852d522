import type { EventMessage } from '@regiobox/contract';
import {
  deriveOrderState,
  type OrderEffect,
  type OrderState,
  type ParcelState,
} from '../../domain/orders.js';
import type { ColdChainView, OrderView, ParcelView, StoredEvent, TimeRange } from '../fleet-store.js';
import { iso } from '../sqlite/rows.js';
import type { Sql } from './pg-database.js';

interface OrderRow {
  order_id: string;
  station_id: string;
  state: OrderState;
  created_at: string;
  updated_at: string;
  last_seq: number;
}

type ColdChainRecordJson = Omit<ColdChainView, 'stationId' | 'orderId' | 'parcelId' | 'kind' | 'eventId'>;

/**
 * Orders projected from station events, as in the SQLite store: every row keeps the seq that last
 * changed it and an older event never moves a state backwards.
 */
export class PgOrderTable {
  async apply(sql: Sql, m: EventMessage, effect: OrderEffect): Promise<void> {
    const at = iso(m.at);
    if (effect.kind === 'create') {
      await sql.query(
        `INSERT INTO fleet_orders (order_id, station_id, state, created_at, updated_at, last_seq)
         VALUES ($1, $2, 'reserved', $3, $3, $4) ON CONFLICT DO NOTHING`,
        [effect.orderId, m.stationId, at, m.seq],
      );
      for (const p of effect.parcels) {
        await sql.query(
          `INSERT INTO fleet_parcels (order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'reserved', $8)
           ON CONFLICT (order_id, parcel_id) DO UPDATE SET zone = excluded.zone, size = excluded.size,
             deadline = COALESCE(fleet_parcels.deadline, excluded.deadline)`,
          [effect.orderId, p.parcelId, m.stationId, p.compartment, p.zone, p.size, iso(p.deadline), m.seq],
        );
      }
      return;
    }
    if (effect.kind === 'deadline') {
      await sql.query(
        "UPDATE fleet_parcels SET deadline = $1 WHERE order_id = $2 AND state IN ('reserved', 'loaded', 'held')",
        [iso(effect.deadline), effect.orderId],
      );
      await this.touch(sql, effect.orderId, at, m.seq);
      return;
    }
    const order = await this.ensure(sql, m, effect.orderId, at);
    if (effect.kind === 'order') {
      if (m.seq > order.last_seq) await this.setState(sql, effect.orderId, effect.state, at, m.seq);
      return;
    }
    await this.ensureParcel(sql, m, effect.orderId, effect.parcelId);
    await sql.query(
      'UPDATE fleet_parcels SET state = $1, last_seq = $2 WHERE order_id = $3 AND parcel_id = $4 AND last_seq < $2',
      [effect.state, m.seq, effect.orderId, effect.parcelId],
    );
    const parcels = (
      await sql.query<{ state: ParcelState }>('SELECT state FROM fleet_parcels WHERE order_id = $1', [
        effect.orderId,
      ])
    ).map((p) => p.state);
    await this.setState(sql, effect.orderId, deriveOrderState(order.state, parcels), at, m.seq);
  }

  async recordColdChain(sql: Sql, m: EventMessage): Promise<void> {
    const e = m.event;
    if ((e.type !== 'parcel.picked_up' && e.type !== 'parcel.held') || !e.coldChain) return;
    await sql.query(
      `INSERT INTO fleet_cold_chain (event_id, station_id, order_id, parcel_id, kind, record_json, to_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        m.id,
        m.stationId,
        e.orderId,
        e.parcelId,
        e.type === 'parcel.held' ? 'hold' : 'pickup',
        JSON.stringify(e.coldChain),
        iso(e.coldChain.to),
      ],
    );
  }

  async get(sql: Sql, orderId: string, history: readonly StoredEvent[]): Promise<OrderView | undefined> {
    const [o] = await sql.query<OrderRow>('SELECT * FROM fleet_orders WHERE order_id = $1', [orderId]);
    if (!o) return undefined;
    const parcels = await sql.query<ParcelView>(
      `SELECT parcel_id AS "parcelId", compartment, zone, size, deadline, state FROM fleet_parcels
       WHERE order_id = $1 ORDER BY parcel_id COLLATE "C"`,
      [orderId],
    );
    return {
      orderId: o.order_id,
      stationId: o.station_id,
      state: o.state,
      createdAt: o.created_at,
      updatedAt: o.updated_at,
      parcels,
      history,
      coldChain: await this.coldChainWhere(sql, 'order_id = $1', [orderId]),
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
      order_id: string;
      parcel_id: string;
      kind: 'pickup' | 'hold';
      record_json: ColdChainRecordJson;
    }>(`SELECT * FROM fleet_cold_chain WHERE ${where} ORDER BY to_at, event_id COLLATE "C"`, args);
    return rows.map((r) => ({
      ...r.record_json,
      stationId: r.station_id,
      orderId: r.order_id,
      parcelId: r.parcel_id,
      kind: r.kind,
      eventId: r.event_id,
    }));
  }

  /** An event about an order whose reservation the bridge never saw still yields an order. */
  private async ensure(sql: Sql, m: EventMessage, orderId: string, at: string): Promise<OrderRow> {
    await sql.query(
      `INSERT INTO fleet_orders (order_id, station_id, state, created_at, updated_at, last_seq)
       VALUES ($1, $2, 'reserved', $3, $3, 0) ON CONFLICT DO NOTHING`,
      [orderId, m.stationId, at],
    );
    const [row] = await sql.query<OrderRow>('SELECT * FROM fleet_orders WHERE order_id = $1', [orderId]);
    return row!;
  }

  private async ensureParcel(sql: Sql, m: EventMessage, orderId: string, parcelId: string): Promise<void> {
    const e = m.event as { compartment?: number };
    const compartment = e.compartment ?? 0;
    const [known] = await sql.query<{ zone: string; size: string }>(
      'SELECT zone, size FROM fleet_compartments WHERE station_id = $1 AND no = $2',
      [m.stationId, compartment],
    );
    await sql.query(
      `INSERT INTO fleet_parcels (order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
       VALUES ($1, $2, $3, $4, $5, $6, NULL, 'reserved', 0) ON CONFLICT DO NOTHING`,
      [orderId, parcelId, m.stationId, compartment, known?.zone ?? 'unknown', known?.size ?? 'unknown'],
    );
  }

  private async setState(
    sql: Sql,
    orderId: string,
    state: OrderState,
    at: string,
    seq: number,
  ): Promise<void> {
    await sql.query(
      'UPDATE fleet_orders SET state = $1, updated_at = $2, last_seq = GREATEST(last_seq, $3) WHERE order_id = $4',
      [state, at, seq, orderId],
    );
  }

  private async touch(sql: Sql, orderId: string, at: string, seq: number): Promise<void> {
    await sql.query(
      'UPDATE fleet_orders SET updated_at = $1, last_seq = GREATEST(last_seq, $2) WHERE order_id = $3',
      [at, seq, orderId],
    );
  }
}
