import type { Migration } from './index.js';

/** Versions 50-69. */
export const linkMigrations: readonly Migration[] = [];
