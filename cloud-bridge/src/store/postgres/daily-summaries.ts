import type { EventMessage } from '@regiobox/contract';
import type { DailySummary, DailySummaryFilter } from '../fleet-store.js';
import type { Sql } from './pg-database.js';

interface SummaryRow {
  station_id: string;
  day: string;
  pickups: number;
  loads: number;
  expiries: number | null;
  alarms: number;
  excursions: number | null;
  uptime_minutes: number | null;
  compartment_use_json: DailySummary['compartmentUse'] | null;
}

/** Each station's days; a day a station sends again (after a restore) replaces the first. */
export class PgDailySummaryTable {
  async apply(sql: Sql, m: EventMessage, receivedAt: Date): Promise<void> {
    const e = m.event;
    if (e.type !== 'station.daily_summary') return;
    await sql.query(
      `INSERT INTO fleet_daily_summaries (station_id, day, pickups, loads, expiries, alarms, excursions,
         uptime_minutes, compartment_use_json, event_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (station_id, day) DO UPDATE SET pickups = excluded.pickups, loads = excluded.loads,
         expiries = excluded.expiries, alarms = excluded.alarms, excursions = excluded.excursions,
         uptime_minutes = excluded.uptime_minutes, compartment_use_json = excluded.compartment_use_json,
         event_id = excluded.event_id, received_at = excluded.received_at`,
      [
        m.stationId,
        e.day,
        e.pickups,
        e.loads,
        e.expiries ?? null,
        e.alarms,
        e.excursions ?? null,
        e.uptimeMinutes ?? null,
        e.compartmentUse ? JSON.stringify(e.compartmentUse) : null,
        m.id,
        receivedAt.toISOString(),
      ],
    );
  }

  async list(sql: Sql, filter: DailySummaryFilter): Promise<DailySummary[]> {
    const ids = filter.stationIds ?? [];
    const rows = await sql.query<SummaryRow>(
      `SELECT * FROM fleet_daily_summaries WHERE day >= $1 AND day <= $2
         AND (cardinality($3::text[]) = 0 OR station_id = ANY($3::text[]))
       ORDER BY day, station_id COLLATE "C"`,
      [filter.from, filter.to, ids],
    );
    return rows.map((r) => ({
      stationId: r.station_id,
      day: r.day,
      pickups: r.pickups,
      loads: r.loads,
      expiries: r.expiries,
      alarms: r.alarms,
      excursions: r.excursions,
      uptimeMinutes: r.uptime_minutes,
      compartmentUse: r.compartment_use_json ?? [],
    }));
  }
}
