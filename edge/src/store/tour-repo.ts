import { Tour } from '@regiobox/contract';
import type { Db } from './database.js';

export interface StopVisit {
  readonly tourId: string;
  readonly stopId: string;
  readonly arrivedAt: string;
  readonly how: 'gps' | 'manual';
  readonly lat: number | null;
  readonly lon: number | null;
  readonly leftAt: string | null;
}

interface VisitRow {
  tourId: string;
  stopId: string;
  arrivedAt: string;
  how: 'gps' | 'manual';
  lat: number | null;
  lon: number | null;
  leftAt: string | null;
}

const VISIT_COLS =
  'tour_id AS tourId, stop_id AS stopId, arrived_at AS arrivedAt, how, lat, lon, left_at AS leftAt';

/** The van's tour in force and its stop visits. */
export class TourRepo {
  constructor(private readonly db: Db) {}

  /** Makes this tour the one in force; a stop visit of an earlier tour still open is closed at `at`. */
  accept(tour: Tour, at: string): void {
    this.db.prepare('UPDATE van_tours SET current = 0 WHERE current = 1').run();
    this.db.prepare('UPDATE van_stop_visits SET left_at = ? WHERE left_at IS NULL').run(at);
    this.db
      .prepare(
        `INSERT INTO van_tours (tour_id, body, accepted_at, current) VALUES (?, ?, ?, 1)
         ON CONFLICT (tour_id) DO UPDATE SET body = excluded.body, accepted_at = excluded.accepted_at, current = 1`,
      )
      .run(tour.tourId, JSON.stringify(tour), at);
  }

  current(): Tour | null {
    const row = this.db.prepare('SELECT body FROM van_tours WHERE current = 1').get() as
      | { body: string }
      | undefined;
    return row ? Tour.parse(JSON.parse(row.body)) : null;
  }

  /** The visit the van is in (arrived, not yet left), if any. */
  openVisit(): StopVisit | null {
    const row = this.db
      .prepare(`SELECT ${VISIT_COLS} FROM van_stop_visits WHERE left_at IS NULL ORDER BY id DESC LIMIT 1`)
      .get() as VisitRow | undefined;
    return row ?? null;
  }

  visits(tourId: string): StopVisit[] {
    return this.db
      .prepare(`SELECT ${VISIT_COLS} FROM van_stop_visits WHERE tour_id = ? ORDER BY id`)
      .all(tourId) as VisitRow[];
  }

  arrive(v: Omit<StopVisit, 'leftAt'>): void {
    this.db
      .prepare(
        'INSERT INTO van_stop_visits (tour_id, stop_id, arrived_at, how, lat, lon) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(v.tourId, v.stopId, v.arrivedAt, v.how, v.lat, v.lon);
  }

  leave(at: string): void {
    this.db.prepare('UPDATE van_stop_visits SET left_at = ? WHERE left_at IS NULL').run(at);
  }
}
