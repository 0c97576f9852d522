import type { Migration } from './migration.js';

/** Versions 50-69. */
export const linkMigrations: readonly Migration[] = [
  {
    version: 50,
    name: 'link_commands',
    // Every command that reached the handler, with its first reply: a duplicate id gets that reply
    // again and changes nothing. `reply` is NULL while the handler runs (or if a crash interrupted it).
    up: `
      CREATE TABLE link_commands (
        command_id TEXT PRIMARY KEY,
        command_type TEXT NOT NULL,
        received_at TEXT NOT NULL,
        keep_until_ms INTEGER NOT NULL,
        reply TEXT,
        reply_delivered INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX link_commands_keep ON link_commands (keep_until_ms);
      CREATE INDEX link_commands_undelivered ON link_commands (reply_delivered) WHERE reply_delivered = 0;
    `,
  },
];
