import type { EventMessage, StateMessage } from '@regiobox/contract';
import type { AlarmFilter, AlarmView } from '../fleet-store.js';
import { type AlarmRow, iso, toAlarmView as toView } from '../sqlite/rows.js';
import type { Sql } from './pg-database.js';

/** Alarm lifecycle from alarm events: raised once, cleared once, acknowledged by an operator. */
export class PgAlarmTable {
  async apply(sql: Sql, m: EventMessage): Promise<void> {
    const e = m.event;
    const at = iso(m.at);
    if (e.type === 'alarm.raised') {
      await sql.query(
        `INSERT INTO fleet_alarms (station_id, alarm_id, kind, severity, compartment, probe_id, detail, state, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)
         ON CONFLICT (station_id, alarm_id) DO UPDATE SET severity = excluded.severity, detail = excluded.detail,
           compartment = excluded.compartment, probe_id = excluded.probe_id, raised_at = excluded.raised_at`,
        [m.stationId, e.alarmId, e.kind, e.severity, e.compartment, e.probeId, e.detail, at],
      );
    } else if (e.type === 'alarm.cleared') {
      // A clear whose raise the bridge missed still leaves a record of the episode.
      await sql.query(
        `INSERT INTO fleet_alarms (station_id, alarm_id, kind, severity, detail, state, raised_at, cleared_at)
         VALUES ($1, $2, $3, 'warning', '', 'cleared', $4, $4)
         ON CONFLICT (station_id, alarm_id) DO UPDATE SET state = 'cleared', cleared_at = excluded.cleared_at
         WHERE fleet_alarms.cleared_at IS NULL`,
        [m.stationId, e.alarmId, e.kind, at],
      );
    } else if (e.type === 'alarm.acknowledged') {
      await sql.query(
        `UPDATE fleet_alarms SET acked_at = $1, acked_by = $2, ack_note = $3
         WHERE station_id = $4 AND alarm_id = $5 AND acked_at IS NULL`,
        [at, e.by, e.note, m.stationId, e.alarmId],
      );
    }
  }

  /** See the SQLite store: missed alarms are added; an authoritative snapshot clears the others. */
  async reconcile(sql: Sql, s: StateMessage, authoritative: boolean): Promise<void> {
    for (const a of s.openAlarms) {
      await sql.query(
        `INSERT INTO fleet_alarms (station_id, alarm_id, kind, severity, compartment, detail, state, raised_at)
         VALUES ($1, $2, $3, 'warning', $4, '', 'open', $5) ON CONFLICT DO NOTHING`,
        [s.stationId, a.alarmId, a.kind, a.compartment, iso(a.raisedAt)],
      );
    }
    if (!authoritative) return;
    await sql.query(
      `UPDATE fleet_alarms SET state = 'cleared', cleared_at = $1
       WHERE station_id = $2 AND state = 'open' AND NOT (alarm_id = ANY($3::text[]))`,
      [iso(s.at), s.stationId, s.openAlarms.map((a) => a.alarmId)],
    );
  }

  /** Most severe first; within one severity, newest first. */
  async list(sql: Sql, filter: AlarmFilter): Promise<AlarmView[]> {
    const rows = await sql.query<AlarmRow>(
      `SELECT * FROM fleet_alarms WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR station_id = $2)
       ORDER BY CASE severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END DESC, raised_at DESC
       LIMIT $3`,
      [filter.state ?? null, filter.stationId ?? null, filter.limit ?? 500],
    );
    return rows.map(toView);
  }

  async find(sql: Sql, alarmId: string): Promise<AlarmView[]> {
    return (await sql.query<AlarmRow>('SELECT * FROM fleet_alarms WHERE alarm_id = $1', [alarmId])).map(
      toView,
    );
  }
}
