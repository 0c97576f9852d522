import { DEFAULT_TENANT, type StateMessage, type StatusMessage } from '@regiobox/contract';
import { supersedes } from '../../domain/session.js';
import type { Db } from '../database.js';
import type {
  Availability,
  StationDetail,
  StationSummary,
  StatusOutcome,
  TenantView,
} from '../fleet-store.js';
import {
  type CompartmentRow,
  dbBool,
  iso,
  type ProbeRow,
  type StationRow,
  toCompartmentView,
  toProbeReading,
  toStationSummary,
} from './rows.js';

/** A compartment the tenant bound as `@tenant` may use; a NULL tenant: every compartment. */
const USABLE = `(@tenant IS NULL OR tenants_json IS NULL
  OR EXISTS (SELECT 1 FROM json_each(fleet_compartments.tenants_json) WHERE value = @tenant))`;

/** Station presence, the compartment snapshot and the station list. */
export class StationTable {
  constructor(private readonly db: Db) {}

  ensure(stationId: string, at: Date): StationRow {
    this.db
      .prepare('INSERT OR IGNORE INTO fleet_stations (station_id, first_seen_at) VALUES (?, ?)')
      .run(stationId, at.toISOString());
    return this.row(stationId)!;
  }

  row(stationId: string): StationRow | undefined {
    return this.db.prepare('SELECT * FROM fleet_stations WHERE station_id = ?').get(stationId) as
      | StationRow
      | undefined;
  }

  touch(stationId: string, at: Date): void {
    this.ensure(stationId, at);
    this.db
      .prepare(
        'UPDATE fleet_stations SET last_seen_at = ? WHERE station_id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)',
      )
      .run(at.toISOString(), stationId, at.toISOString());
  }

  recordStatus(s: StatusMessage, receivedAt: Date): StatusOutcome {
    const row = this.ensure(s.stationId, receivedAt);
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
    this.db
      .prepare(
        `UPDATE fleet_stations SET state = ?, session = ?, session_id = ?, status_at = ?,
           capabilities_json = COALESCE(?, capabilities_json), health_json = COALESCE(?, health_json),
           limits_json = COALESCE(?, limits_json), kind = COALESCE(?, kind)
         WHERE station_id = ?`,
      )
      .run(
        s.state,
        s.session,
        s.sessionId,
        iso(s.at),
        s.capabilities ? JSON.stringify(s.capabilities) : null,
        s.health ? JSON.stringify(s.health) : null,
        s.limits ? JSON.stringify(s.limits) : null,
        // A birth without the field comes from a station older than it: a locker. A will says nothing.
        s.state === 'online' ? (s.kind ?? 'locker') : null,
        s.stationId,
      );
    // The will is published by the broker, not the station: it does not count as a sign of life.
    if (s.state === 'online') this.touch(s.stationId, receivedAt);
    return { applied: true, cameOnline, wentOffline };
  }

  /**
   * A snapshot older than events already applied is stale (a retained message from before them) and
   * only fills an empty station; otherwise it replaces the projected compartments.
   */
  recordState(s: StateMessage, receivedAt: Date): boolean {
    const row = this.ensure(s.stationId, receivedAt);
    const known = (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM fleet_compartments WHERE station_id = ?')
        .get(s.stationId) as {
        n: number;
      }
    ).n;
    if (s.lastSeq < row.last_seq && known > 0) return false;
    this.db.prepare('DELETE FROM fleet_compartments WHERE station_id = ?').run(s.stationId);
    const insert = this.db.prepare(
      `INSERT INTO fleet_compartments (station_id, no, zone, size, state, door_open, occupied, celsius,
         order_id, tenant, blocked_reason, tenants_json, seq, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const c of s.compartments) {
      insert.run(
        s.stationId,
        c.no,
        c.zone,
        c.size,
        c.state,
        dbBool(c.doorOpen),
        dbBool(c.occupied),
        c.celsius,
        c.orderId,
        c.orderId === null ? null : (c.tenant ?? DEFAULT_TENANT),
        c.blockedReason,
        c.tenants ? JSON.stringify(c.tenants) : null,
        s.lastSeq,
        iso(s.at),
      );
    }
    this.db
      .prepare('UPDATE fleet_stations SET state_seq = ?, state_at = ? WHERE station_id = ?')
      .run(s.lastSeq, iso(s.at), s.stationId);
    return true;
  }

  /** Over the compartments the tenant may use when a view is given. */
  availability(stationId: string, view?: TenantView): Availability[] {
    return this.db
      .prepare(
        `SELECT zone, size, SUM(state = 'free') AS free, COUNT(*) AS total FROM fleet_compartments
         WHERE station_id = @stationId AND ${USABLE} GROUP BY zone, size ORDER BY zone, size`,
      )
      .all({ stationId, tenant: view?.tenant ?? null }) as Availability[];
  }

  list(view?: TenantView): StationSummary[] {
    const rows = this.db.prepare('SELECT * FROM fleet_stations ORDER BY station_id').all() as StationRow[];
    return rows.map((r) =>
      toStationSummary(r, this.availability(r.station_id, view), this.openAlarms(r.station_id)),
    );
  }

  detail(stationId: string, view?: TenantView): StationDetail | undefined {
    const r = this.row(stationId);
    if (!r) return undefined;
    const compartments = (
      this.db
        .prepare(`SELECT * FROM fleet_compartments WHERE station_id = @stationId AND ${USABLE} ORDER BY no`)
        .all({ stationId, tenant: view?.tenant ?? null }) as CompartmentRow[]
    ).map((c) => toCompartmentView(c, view?.tenant));
    const probes = this.db
      .prepare('SELECT * FROM fleet_probe_readings WHERE station_id = ? ORDER BY probe_id')
      .all(stationId) as ProbeRow[];
    // Telemetry is newer than the snapshot between two snapshots; show the newest good reading.
    const newest = new Map<number, ProbeRow>();
    for (const p of probes) {
      const seen = newest.get(p.compartment ?? -1);
      if (p.compartment !== null && p.status === 'ok' && (!seen || p.at > seen.at))
        newest.set(p.compartment, p);
    }
    return {
      ...toStationSummary(r, this.availability(stationId, view), this.openAlarms(stationId)),
      compartments: compartments.map((c) => {
        const probe = newest.get(c.no);
        return probe && probe.at >= c.updatedAt ? { ...c, celsius: probe.celsius } : c;
      }),
      probes: probes.map(toProbeReading),
    };
  }

  private openAlarms(stationId: string): number {
    return (
      this.db
        .prepare("SELECT COUNT(*) AS n FROM fleet_alarms WHERE station_id = ? AND state = 'open'")
        .get(stationId) as { n: number }
    ).n;
  }
}
