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
