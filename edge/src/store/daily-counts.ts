import type { Size, Zone } from '@regiobox/contract';
import type { Db } from './database.js';

/** Loads and pickups recorded in [from, to): the numbers of a daily summary. */
export const parcelCountsBetween = (db: Db, from: string, to: string): { loads: number; pickups: number } => {
  const count = (sql: string) => (db.prepare(sql).get(from, to) as { n: number }).n;
  return {
    loads: count('SELECT COUNT(*) AS n FROM parcels WHERE loaded_at >= ? AND loaded_at < ?'),
    pickups: count(
      "SELECT COUNT(*) AS n FROM parcels WHERE state = 'picked_up' AND updated_at >= ? AND updated_at < ?",
    ),
  };
};

export interface CompartmentUse {
  readonly zone: Zone;
  readonly size: Size;
  /** compartments of this zone and size in the config */
  readonly compartments: number;
  readonly loads: number;
  readonly pickups: number;
}

/** Parcels whose pickup deadline passed in [from, to) without a pickup (they expired that day). */
export const expiriesBetween = (db: Db, from: string, to: string): number =>
  (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM parcels
         WHERE state IN ('expired', 'retrieved') AND deadline >= ? AND deadline < ?`,
      )
      .get(from, to) as { n: number }
  ).n;

/** Per zone and size: how many compartments there are and how many parcels went in and out. */
export const compartmentUseBetween = (db: Db, from: string, to: string): CompartmentUse[] =>
  db
    .prepare(
      `SELECT c.zone AS zone, c.size AS size, COUNT(*) AS compartments,
         COALESCE(SUM((SELECT COUNT(*) FROM parcels p WHERE p.compartment_no = c.no
           AND p.loaded_at >= @from AND p.loaded_at < @to)), 0) AS loads,
         COALESCE(SUM((SELECT COUNT(*) FROM parcels p WHERE p.compartment_no = c.no
           AND p.state = 'picked_up' AND p.updated_at >= @from AND p.updated_at < @to)), 0) AS pickups
       FROM compartments c WHERE c.configured = 1 GROUP BY c.zone, c.size ORDER BY c.zone, c.size`,
    )
    .all({ from, to }) as CompartmentUse[];

/**
 * Minutes of [from, to) in which the station took a temperature sample: the time it ran and watched
 * (every 10 s by default). Null for a station without probes, which has no such trace.
 */
export const sampledMinutesBetween = (db: Db, from: string, to: string): number | null => {
  const r = db
    .prepare(
      `SELECT COUNT(DISTINCT substr(at, 1, 16)) AS n, EXISTS (SELECT 1 FROM temperature_samples) AS sampling
       FROM temperature_samples WHERE at >= ? AND at < ?`,
    )
    .get(from, to) as { n: number; sampling: number };
  return r.sampling === 0 ? null : r.n;
};
