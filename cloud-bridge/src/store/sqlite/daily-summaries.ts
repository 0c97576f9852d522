import type { EventMessage } from '@regiobox/contract';
import type { Db } from '../database.js';
import type { DailySummary, DailySummaryFilter } from '../fleet-store.js';

interface SummaryRow {
  station_id: string;
  day: string;
  pickups: number;
  loads: number;
  expiries: number | null;
  alarms: number;
  excursions: number | null;
  uptime_minutes: number | null;
  compartment_use_json: string | null;
}

/**
 * Each station's days (`station.daily_summary`), kept beside the event log so that a month of a
 * region is one indexed query. A day a station sends again (after a restore) replaces the first.
 */
export class DailySummaryTable {
  constructor(private readonly db: Db) {}

  apply(m: EventMessage, receivedAt: Date): void {
    const e = m.event;
    if (e.type !== 'station.daily_summary') return;
    this.db
      .prepare(
        `INSERT INTO fleet_daily_summaries (station_id, day, pickups, loads, expiries, alarms, excursions,
           uptime_minutes, compartment_use_json, event_id, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (station_id, day) DO UPDATE SET pickups = excluded.pickups, loads = excluded.loads,
           expiries = excluded.expiries, alarms = excluded.alarms, excursions = excluded.excursions,
           uptime_minutes = excluded.uptime_minutes, compartment_use_json = excluded.compartment_use_json,
           event_id = excluded.event_id, received_at = excluded.received_at`,
      )
      .run(
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
      );
  }

  list(filter: DailySummaryFilter): DailySummary[] {
    const ids = filter.stationIds ?? [];
    const byStation = ids.length > 0 ? `AND station_id IN (${ids.map(() => '?').join(', ')})` : '';
    const rows = this.db
      .prepare(
        `SELECT * FROM fleet_daily_summaries WHERE day >= ? AND day <= ? ${byStation}
         ORDER BY day, station_id`,
      )
      .all(filter.from, filter.to, ...ids) as SummaryRow[];
    return rows.map((r) => ({
      stationId: r.station_id,
      day: r.day,
      pickups: r.pickups,
      loads: r.loads,
      expiries: r.expiries,
      alarms: r.alarms,
      excursions: r.excursions,
      uptimeMinutes: r.uptime_minutes,
      compartmentUse: r.compartment_use_json
        ? (JSON.parse(r.compartment_use_json) as DailySummary['compartmentUse'])
        : [],
    }));
  }
}
