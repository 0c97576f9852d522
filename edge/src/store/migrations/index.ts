import { coldChainMigrations } from './cold-chain.js';
import { coreMigrations } from './core.js';
import { linkMigrations } from './link.js';
import type { Migration } from './migration.js';
import { outboxMigrations } from './outbox.js';
import { vanMigrations } from './van.js';

export type { Migration } from './migration.js';

/**
 * Append only: never edit a migration that has shipped. Each area owns a range of versions so that
 * areas can grow independently: outbox 1–9, core 10–49, link 50–69, cold chain and alarms 70–99, van 140–159.
 */
export const MIGRATIONS: readonly Migration[] = [
  ...outboxMigrations,
  ...coreMigrations,
  ...linkMigrations,
  ...coldChainMigrations,
  ...vanMigrations,
];
