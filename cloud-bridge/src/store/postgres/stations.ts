import { DEFAULT_TENANT, type StateMessage, type StatusMessage } from '@regiobox/contract';
import { supersedes } from '../../domain/session.js';
import type {
  Availability,
  StationDetail,
  StationSummary,
  StatusOutcome,
  TenantView,
} from '../fleet-store.js';
import { iso } from '../sqlite/rows.js';
import type { Sql } from './pg-database.js';
import {
  jsonOrNull,
  type PgCompartmentRow,
  type PgProbeRow,
  type PgStationRow,
  toCompartmentView,
  toProbeReading,
  toStationSummary,
} from './rows.js';

/** A compartment the tenant in parameter `$n` may use; a NULL tenant: every compartment. */
const USABLE = (n: number): string =>
  `($${n}::text IS NULL OR tenants_json IS NULL OR tenants_json::jsonb ? $${n}::text)`;

/**
 * Station presence, the compartment snapshot and the station list. `lock` starts every change of a
 * station: it holds the station's row until the transaction ends, so two bridge instances that get
 * messages of the same station at the same time apply them one after the other.
 */
export class PgStationTable {
  async lock(sql: Sql, stationId: string, at: Date): Promise<PgStationRow> {
    await sql.query(
      'INSERT INTO fleet_stations (station_id, first_seen_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [stationId, at.toISOString()],
    );
    const [row] = await sql.query<PgStationRow>(
      'SELECT * FROM fleet_stations WHERE station_id = $1 FOR UPDATE',
      [stationId],
    );
    return row!;
  }

  async row(sql: Sql, stationId: string): Promise<PgStationRow | undefined> {
    const [row] = await sql.query<PgStationRow>('SELECT * FROM fleet_stations WHERE station_id = $1', [
      stationId,
    ]);
    return row;
  }

  async touch(sql: Sql, stationId: string, at: Date): Promise<void> {
    await sql.query(
      `INSERT INTO fleet_stations (station_id, first_seen_at, last_seen_at) VALUES ($1, $2, $2)
       ON CONFLICT (station_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
       WHERE fleet_stations.last_seen_at IS NULL OR fleet_stations.last_seen_at < excluded.last_seen_at`,
      [stationId, at.toISOString()],
    );
  }

  async recordStatus(sql: Sql, s: StatusMessage, receivedAt: Date): Promise<StatusOutcome> {
    const row = await this.lock(sql, s.stationId, receivedAt);
    const current =
      row.session === null || row.state === 'unknown'
        ? undefined
        : { state: row.state, session: row.session };
    if (!supersedes({ state: s.state, session: s.session }, current)) {
      return { applied: false, cameOnline: false, wentOffline: false };
    }
    const cameOnline =
      s.state === 'online' && (row.state !== 'online' || row.session === null || s.session > row.session);
    const wentOffline = s.state === 'offline' && row.state === 'online';
    await sql.query(
      `UPDATE fleet_stations SET state = $1, session = $2, session_id = $3, status_at = $4,
         capabilities_json = COALESCE($5::json, capabilities_json), health_json = COALESCE($6::json, health_json),
         limits_json = COALESCE($7::json, limits_json), kind = COALESCE($8, kind)
       WHERE station_id = $9`,
      [
        s.state,
        s.session,
        s.sessionId,
        iso(s.at),
        jsonOrNull(s.capabilities),
        jsonOrNull(s.health),
        jsonOrNull(s.limits),
        // A birth without the field comes from a station older than it: a locker. A will says nothing.
        s.state === 'online' ? (s.kind ?? 'locker') : null,
        s.stationId,
      ],
    );
    // The will is published by the broker, not the station: it does not count as a sign of life.
    if (s.state === 'online') await this.touch(sql, s.stationId, receivedAt);
    return { applied: true, cameOnline, wentOffline };
  }

  /** See the SQLite store: a snapshot older than applied events only fills an empty station. */
  async recordState(sql: Sql, s: StateMessage, row: PgStationRow): Promise<boolean> {
    const [known] = await sql.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM fleet_compartments WHERE station_id = $1',
      [s.stationId],
    );
    if (s.lastSeq < row.last_seq && (known?.n ?? 0) > 0) return false;
    await sql.query('DELETE FROM fleet_compartments WHERE station_id = $1', [s.stationId]);
    if (s.compartments.length > 0) {
      const c = s.compartments;
      await sql.query(
        `INSERT INTO fleet_compartments (station_id, no, zone, size, state, door_open, occupied, celsius,
           order_id, blocked_reason, tenant, tenants_json, seq, updated_at)
         SELECT $1::text, u.no, u.zone, u.size, u.state, u.door_open, u.occupied, u.celsius, u.order_id,
           u.blocked_reason, u.tenant, u.tenants::json, $10::bigint, $11::timestamptz
         FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[], $8::float8[],
           $9::text[], $12::text[], $13::text[], $14::text[])
           AS u(no, zone, size, state, door_open, occupied, celsius, order_id, blocked_reason, tenant, tenants)`,
        [
          s.stationId,
          c.map((x) => x.no),
          c.map((x) => x.zone),
          c.map((x) => x.size),
          c.map((x) => x.state),
          c.map((x) => x.doorOpen),
          c.map((x) => x.occupied),
          c.map((x) => x.celsius),
          c.map((x) => x.orderId),
          s.lastSeq,
          iso(s.at),
          c.map((x) => x.blockedReason),
          c.map((x) => (x.orderId === null ? null : (x.tenant ?? DEFAULT_TENANT))),
          c.map((x) => (x.tenants ? JSON.stringify(x.tenants) : null)),
        ],
      );
    }
    await sql.query('UPDATE fleet_stations SET state_seq = $1, state_at = $2 WHERE station_id = $3', [
      s.lastSeq,
      iso(s.at),
      s.stationId,
    ]);
    return true;
  }

  async list(sql: Sql, view?: TenantView): Promise<StationSummary[]> {
    const rows = await sql.query<PgStationRow>(
      'SELECT * FROM fleet_stations ORDER BY station_id COLLATE "C"',
    );
    const availability = await this.availability(sql, null, view);
    const alarms = await sql.query<{ station_id: string; n: number }>(
      "SELECT station_id, COUNT(*) AS n FROM fleet_alarms WHERE state = 'open' GROUP BY station_id",
    );
    const open = new Map(alarms.map((a) => [a.station_id, a.n]));
    return rows.map((r) =>
      toStationSummary(r, availability.get(r.station_id) ?? [], open.get(r.station_id) ?? 0),
    );
  }

  async detail(sql: Sql, stationId: string, view?: TenantView): Promise<StationDetail | undefined> {
    const r = await this.row(sql, stationId);
    if (!r) return undefined;
    const compartments = await sql.query<PgCompartmentRow>(
      `SELECT * FROM fleet_compartments WHERE station_id = $1 AND ${USABLE(2)} ORDER BY no`,
      [stationId, view?.tenant ?? null],
    );
    const probes = await sql.query<PgProbeRow>(
      'SELECT * FROM fleet_probe_readings WHERE station_id = $1 ORDER BY probe_id',
      [stationId],
    );
    const [alarms] = await sql.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM fleet_alarms WHERE station_id = $1 AND state = 'open'",
      [stationId],
    );
    // Telemetry is newer than the snapshot between two snapshots; show the newest good reading.
    const newest = new Map<number, PgProbeRow>();
    for (const p of probes) {
      const seen = newest.get(p.compartment ?? -1);
      if (p.compartment !== null && p.status === 'ok' && (!seen || p.at > seen.at))
        newest.set(p.compartment, p);
    }
    return {
      ...toStationSummary(
        r,
        (await this.availability(sql, stationId, view)).get(stationId) ?? [],
        alarms?.n ?? 0,
      ),
      compartments: compartments.map((c) => {
        const probe = newest.get(c.no);
        const shown = toCompartmentView(c, view?.tenant);
        return probe && probe.at >= c.updated_at ? { ...shown, celsius: probe.celsius } : shown;
      }),
      probes: probes.map(toProbeReading),
    };
  }

  /** Free and total compartments per zone and size, of one station or (null) of all. */
  private async availability(
    sql: Sql,
    stationId: string | null,
    view?: TenantView,
  ): Promise<Map<string, Availability[]>> {
    const rows = await sql.query<Availability & { station_id: string }>(
      `SELECT station_id, zone, size, COUNT(*) FILTER (WHERE state = 'free') AS free, COUNT(*) AS total
       FROM fleet_compartments WHERE ($1::text IS NULL OR station_id = $1) AND ${USABLE(2)}
       GROUP BY station_id, zone, size ORDER BY station_id, zone, size`,
      [stationId, view?.tenant ?? null],
    );
    const out = new Map<string, Availability[]>();
    for (const { station_id, ...a } of rows) {
      const list = out.get(station_id) ?? [];
      list.push(a);
      out.set(station_id, list);
    }
    return out;
  }
}
