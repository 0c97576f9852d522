import type { Migration } from './migration.js';

/** Versions 140–159: the sales van (tours, stop visits, positions with the samples). */
export const vanMigrations: readonly Migration[] = [
  {
    version: 140,
    name: 'van_tours',
    // The tour in force (the newest accepted) as the contract's JSON, and each stop's visit: when the
    // van got there, how (gps or the driver by hand) and when it left. Samples keep the van's position
    // at the time they were taken, so that the HACCP log says where the goods were.
    up: `
      CREATE TABLE van_tours (
        tour_id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        accepted_at TEXT NOT NULL,
        current INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE van_stop_visits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tour_id TEXT NOT NULL,
        stop_id TEXT NOT NULL,
        arrived_at TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('gps', 'manual')),
        lat REAL,
        lon REAL,
        left_at TEXT
      );
      CREATE INDEX van_stop_visits_open ON van_stop_visits (tour_id) WHERE left_at IS NULL;
      ALTER TABLE temperature_samples ADD COLUMN lat REAL;
      ALTER TABLE temperature_samples ADD COLUMN lon REAL;
    `,
  },
];
