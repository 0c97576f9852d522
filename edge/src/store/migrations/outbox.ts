import type { Migration } from './migration.js';

export const outboxMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox',
    up: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE outbox (
        pos INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'telemetry')),
        msg_id TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        occurred_at TEXT NOT NULL
      );
      CREATE INDEX outbox_kind ON outbox (kind, pos);
    `,
  },
  {
    version: 2,
    name: 'delivered_events',
    // Events the broker acknowledged, kept for `mqtt.replayRetentionHours` so that a marketplace that
    // lost them (its session gone at the broker) can ask for them again by seq (replay_events).
    up: `
      CREATE TABLE delivered_events (
        seq INTEGER PRIMARY KEY,
        msg_id TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        delivered_at TEXT NOT NULL
      );
      CREATE INDEX delivered_events_at ON delivered_events (delivered_at);
    `,
  },
];
