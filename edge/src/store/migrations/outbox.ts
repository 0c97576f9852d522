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
];
