import { type EventMessage, tenantOf } from '@regiobox/contract';
import { redactEvent } from '../../domain/codes.js';
import type { CompartmentEffect, CompartmentPatch } from '../../domain/compartments.js';
import type { OrderKey } from '../../domain/orders.js';
import type { EventOutcome, StationEventQuery, StoredEvent } from '../fleet-store.js';
import { iso } from '../sqlite/rows.js';
import type { Sql } from './pg-database.js';
import { countOf } from './rows.js';

interface EventRow {
  event_id: string;
  station_id: string;
  seq: number;
  type: string;
  tenant: string | null;
  at: string;
  received_at: string;
  body_json: Record<string, unknown>;
}

/**
 * The event log of every station, unique by (station, seq) and by event id. The insert is
 * `ON CONFLICT DO NOTHING`, so an event that two instances receive (a redelivery after a bridge was
 * killed) is stored once whichever commits first; the loser learns it was a duplicate.
 */
export class PgEventLog {
  async has(sql: Sql, stationId: string, seq: number, eventId: string): Promise<boolean> {
    const rows = await sql.query(
      'SELECT 1 FROM fleet_events WHERE (station_id = $1 AND seq = $2) OR event_id = $3 LIMIT 1',
      [stationId, seq, eventId],
    );
    return rows.length > 0;
  }

  /** Inserts the event (codes redacted) and advances the station's seq; says whether seq jumped. */
  async insert(sql: Sql, m: EventMessage, receivedAt: Date, lastSeq: number): Promise<EventOutcome> {
    const body = redactEvent(m.event);
    const orderId = 'orderId' in body && body.orderId ? body.orderId : null;
    const inserted = await sql.query(
      `INSERT INTO fleet_events (station_id, seq, event_id, type, at, received_at, order_id, body_json, tenant)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING 1`,
      [
        m.stationId,
        m.seq,
        m.id,
        body.type,
        iso(m.at),
        receivedAt.toISOString(),
        orderId,
        JSON.stringify(body),
        orderId === null ? null : tenantOf(body as { tenant?: string }),
      ],
    );
    if (inserted.length === 0) {
      const [same] = await sql.query<{ event_id: string }>(
        'SELECT event_id FROM fleet_events WHERE station_id = $1 AND seq = $2',
        [m.stationId, m.seq],
      );
      return !same || same.event_id === m.id ? { kind: 'duplicate' } : { kind: 'conflict' };
    }
    await sql.query('UPDATE fleet_stations SET last_seq = GREATEST(last_seq, $1) WHERE station_id = $2', [
      m.seq,
      m.stationId,
    ]);
    const gap = m.seq > lastSeq + 1 ? { expected: lastSeq + 1, got: m.seq } : null;
    return { kind: 'recorded', gap };
  }

  /** Applies compartment changes not already contained in a newer snapshot or event. */
  async applyCompartments(sql: Sql, m: EventMessage, effects: readonly CompartmentEffect[]): Promise<void> {
    const at = iso(m.at);
    for (const effect of effects) {
      if (effect.target === 'unblock') {
        await sql.query(
          `UPDATE fleet_compartments SET state = CASE WHEN order_id IS NULL THEN 'free' ELSE 'loaded' END,
             blocked_reason = NULL, seq = $1, updated_at = $2 WHERE station_id = $3 AND no = $4 AND seq < $1`,
          [m.seq, at, m.stationId, effect.no],
        );
        continue;
      }
      const byOrder = effect.target === 'order';
      const { sql: set, args } = setClause(effect.patch, byOrder ? 6 : 5);
      const where = byOrder ? 'tenant = $4::text AND order_id = $5::text' : 'no = $4::int';
      const key = byOrder ? [effect.tenant, effect.orderId] : [effect.no];
      await sql.query(
        `UPDATE fleet_compartments SET ${set}, seq = $1, updated_at = $2
         WHERE station_id = $3 AND ${where} AND seq < $1`,
        [m.seq, at, m.stationId, ...key, ...args],
      );
    }
  }

  /** With `tenant`: that tenant's order events and the station's alarms only. */
  async forStation(sql: Sql, stationId: string, q: StationEventQuery): Promise<StoredEvent[]> {
    const rows = await sql.query<EventRow>(
      `SELECT * FROM fleet_events WHERE station_id = $1 AND seq < $2
         AND ($4::text IS NULL OR tenant = $4::text OR type LIKE 'alarm.%')
       ORDER BY seq DESC LIMIT $3`,
      [stationId, q.beforeSeq ?? Number.MAX_SAFE_INTEGER, q.limit, q.tenant ?? null],
    );
    return rows.map(toStored);
  }

  async forOrder(sql: Sql, key: OrderKey): Promise<StoredEvent[]> {
    const rows = await sql.query<EventRow>(
      'SELECT * FROM fleet_events WHERE tenant = $1 AND order_id = $2 ORDER BY at, seq',
      [key.tenant, key.orderId],
    );
    return rows.map(toStored);
  }

  async prune(sql: Sql, before: Date): Promise<number> {
    return countOf(sql, 'DELETE FROM fleet_events WHERE at < $1', [before.toISOString()]);
  }
}

const COLUMNS: Record<keyof CompartmentPatch, string> = {
  state: 'state',
  orderId: 'order_id',
  tenant: 'tenant',
  doorOpen: 'door_open',
  blockedReason: 'blocked_reason',
};

const setClause = (patch: CompartmentPatch, first: number): { sql: string; args: unknown[] } => {
  const keys = (Object.keys(patch) as (keyof CompartmentPatch)[]).filter((k) => patch[k] !== undefined);
  return {
    sql: keys.map((k, i) => `${COLUMNS[k]} = $${first + i}`).join(', ') || 'seq = seq',
    args: keys.map((k) => patch[k]),
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
  event: r.body_json,
});
