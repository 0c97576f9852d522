import type { EventMessage, StateMessage } from '@regiobox/contract';
import type { Db } from '../database.js';
import type { AlarmFilter, AlarmView } from '../fleet-store.js';
import { type AlarmRow, iso, toAlarmView as toView } from './rows.js';

/** Alarm lifecycle from alarm events: raised once, cleared once, acknowledged by an operator. */
export class AlarmTable {
  constructor(private readonly db: Db) {}

  apply(m: EventMessage): void {
    const e = m.event;
    const at = iso(m.at);
    if (e.type === 'alarm.raised') {
      this.db
        .prepare(
          `INSERT INTO fleet_alarms (station_id, alarm_id, kind, severity, compartment, probe_id, detail, state, raised_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)
           ON CONFLICT (station_id, alarm_id) DO UPDATE SET severity = excluded.severity, detail = excluded.detail,
             compartment = excluded.compartment, probe_id = excluded.probe_id, raised_at = excluded.raised_at`,
        )
        .run(m.stationId, e.alarmId, e.kind, e.severity, e.compartment, e.probeId, e.detail, at);
    } else if (e.type === 'alarm.cleared') {
      // A clear whose raise the bridge missed still leaves a record of the episode.
      this.db
        .prepare(
          `INSERT INTO fleet_alarms (station_id, alarm_id, kind, severity, detail, state, raised_at, cleared_at)
           VALUES (?, ?, ?, 'warning', '', 'cleared', ?, ?)
           ON CONFLICT (station_id, alarm_id) DO UPDATE SET state = 'cleared', cleared_at = excluded.cleared_at
           WHERE fleet_alarms.cleared_at IS NULL`,
        )
        .run(m.stationId, e.alarmId, e.kind, at, at);
    } else if (e.type === 'alarm.acknowledged') {
      this.db
        .prepare(
          'UPDATE fleet_alarms SET acked_at = ?, acked_by = ?, ack_note = ? WHERE station_id = ? AND alarm_id = ? AND acked_at IS NULL',
        )
        .run(at, e.by, e.note, m.stationId, e.alarmId);
    }
  }

  /**
   * The open alarms of a full state snapshot. Alarms the bridge missed are added; when the snapshot
   * is at least as new as every event applied (`authoritative`), alarms it no longer lists were
   * cleared while the bridge was not listening.
   */
  reconcile(s: StateMessage, authoritative: boolean): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO fleet_alarms (station_id, alarm_id, kind, severity, compartment, detail, state, raised_at)
       VALUES (?, ?, ?, 'warning', ?, '', 'open', ?)`,
    );
    for (const a of s.openAlarms) insert.run(s.stationId, a.alarmId, a.kind, a.compartment, iso(a.raisedAt));
    if (!authoritative) return;
    const open = new Set(s.openAlarms.map((a) => a.alarmId));
    const clear = this.db.prepare(
      "UPDATE fleet_alarms SET state = 'cleared', cleared_at = ? WHERE station_id = ? AND alarm_id = ?",
    );
    for (const a of this.list({ state: 'open', stationId: s.stationId })) {
      if (!open.has(a.alarmId)) clear.run(iso(s.at), s.stationId, a.alarmId);
    }
  }

  /** Most severe first; within one severity, newest first. */
  list(filter: AlarmFilter): AlarmView[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM fleet_alarms WHERE (@state IS NULL OR state = @state)
         AND (@stationId IS NULL OR station_id = @stationId)
         ORDER BY CASE severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END DESC, raised_at DESC
         LIMIT @limit`,
      )
      .all({
        state: filter.state ?? null,
        stationId: filter.stationId ?? null,
        limit: filter.limit ?? 500,
      }) as AlarmRow[];
    return rows.map(toView);
  }

  find(alarmId: string): AlarmView[] {
    return (this.db.prepare('SELECT * FROM fleet_alarms WHERE alarm_id = ?').all(alarmId) as AlarmRow[]).map(
      toView,
    );
  }
}
