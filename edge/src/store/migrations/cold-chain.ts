import type { Migration } from './index.js';

/** Versions 70-99. */
export const coldChainMigrations: readonly Migration[] = [];
