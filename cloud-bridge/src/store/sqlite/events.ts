import { type EventMessage, tenantOf } from '@regiobox/contract';
import { redactEvent } from '../../domain/codes.js';
import type { CompartmentEffect, CompartmentPatch } from '../../domain/compartments.js';
import type { OrderKey } from '../../domain/orders.js';
import type { Db } from '../database.js';
import type { EventOutcome, StationEventQuery, StoredEvent } from '../fleet-store.js';
import { iso } from './rows.js';

interface EventRow {
  event_id: string;
  station_id: string;
  seq: number;
  type: string;
  tenant: string | null;
  at: string;
  received_at: string;
  body_json: string;
}

/** The event log of every station, unique by (station, seq) and by event id. */
export class EventLog {
  constructor(private readonly db: Db) {}

  has(stationId: string, seq: number, eventId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM fleet_events WHERE (station_id = ? AND seq = ?) OR event_id = ?')
        .get(stationId, seq, eventId) !== undefined
    );
  }

  /** Inserts the event (codes redacted) and advances the station's seq; says whether seq jumped. */
  insert(m: EventMessage, receivedAt: Date, lastSeq: number): EventOutcome {
    const same = this.db
      .prepare('SELECT event_id FROM fleet_events WHERE station_id = ? AND seq = ?')
      .get(m.stationId, m.seq) as { event_id: string } | undefined;
    if (same) return same.event_id === m.id ? { kind: 'duplicate' } : { kind: 'conflict' };
    if (this.db.prepare('SELECT 1 FROM fleet_events WHERE event_id = ?').get(m.id))
      return { kind: 'duplicate' };
    const body = redactEvent(m.event);
    const orderId = 'orderId' in body && body.orderId ? body.orderId : null;
    this.db
      .prepare(
        `INSERT INTO fleet_events (station_id, seq, event_id, type, at, received_at, tenant, order_id, body_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.stationId,
        m.seq,
        m.id,
        body.type,
        iso(m.at),
        receivedAt.toISOString(),
        orderId === null ? null : tenantOf(body as { tenant?: string }),
        orderId,
        JSON.stringify(body),
      );
    this.db
      .prepare('UPDATE fleet_stations SET last_seq = MAX(last_seq, ?) WHERE station_id = ?')
      .run(m.seq, m.stationId);
    const gap = m.seq > lastSeq + 1 ? { expected: lastSeq + 1, got: m.seq } : null;
    return { kind: 'recorded', gap };
  }

  /** Applies compartment changes not already contained in a newer snapshot or event. */
  applyCompartments(m: EventMessage, effects: readonly CompartmentEffect[]): void {
    const at = iso(m.at);
    for (const effect of effects) {
      if (effect.target === 'unblock') {
        this.db
          .prepare(
            `UPDATE fleet_compartments SET state = CASE WHEN order_id IS NULL THEN 'free' ELSE 'loaded' END,
               blocked_reason = NULL, seq = ?, updated_at = ? WHERE station_id = ? AND no = ? AND seq < ?`,
          )
          .run(m.seq, at, m.stationId, effect.no, m.seq);
        continue;
      }
      const { sql, args } = setClause(effect.patch);
      const where = effect.target === 'compartment' ? 'no = ?' : 'tenant = ? AND order_id = ?';
      const key = effect.target === 'compartment' ? [effect.no] : [effect.tenant, effect.orderId];
      this.db
        .prepare(
          `UPDATE fleet_compartments SET ${sql}, seq = ?, updated_at = ? WHERE station_id = ? AND ${where} AND seq < ?`,
        )
        .run(...args, m.seq, at, m.stationId, ...key, m.seq);
    }
  }

  forStation(stationId: string, q: StationEventQuery): StoredEvent[] {
    const before = q.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const rows = (
      q.tenant === undefined
        ? this.db
            .prepare('SELECT * FROM fleet_events WHERE station_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
            .all(stationId, before, q.limit)
        : this.db
            .prepare(
              `SELECT * FROM fleet_events WHERE station_id = ? AND seq < ?
                 AND (tenant = ? OR type LIKE 'alarm.%') ORDER BY seq DESC LIMIT ?`,
            )
            .all(stationId, before, q.tenant, q.limit)
    ) as EventRow[];
    return rows.map(toStored);
  }

  forOrder(key: OrderKey): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM fleet_events WHERE tenant = ? AND order_id = ? ORDER BY at, seq')
      .all(key.tenant, key.orderId) as EventRow[];
    return rows.map(toStored);
  }

  prune(before: Date): number {
    return this.db.prepare('DELETE FROM fleet_events WHERE at < ?').run(before.toISOString()).changes;
  }
}

const COLUMNS: Record<keyof CompartmentPatch, string> = {
  state: 'state',
  orderId: 'order_id',
  tenant: 'tenant',
  doorOpen: 'door_open',
  blockedReason: 'blocked_reason',
};

const setClause = (patch: CompartmentPatch): { sql: string; args: unknown[] } => {
  const keys = (Object.keys(patch) as (keyof CompartmentPatch)[]).filter((k) => patch[k] !== undefined);
  return {
    sql: keys.map((k) => `${COLUMNS[k]} = ?`).join(', ') || 'seq = seq',
    args: keys.map((k) => {
      const v = patch[k];
      return typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }),
  };
};

const toStored = (r: EventRow): StoredEvent => ({
  eventId: r.event_id,
  stationId: r.station_id,
  seq: r.seq,
  type: r.type,
  tenant: r.tenant,
  at: r.at,
  receivedAt: r.received_at,
  event: JSON.parse(r.body_json) as Record<string, unknown>,
});
