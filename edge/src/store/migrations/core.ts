import type { Migration } from './index.js';

/** Versions 10-49. */
export const coreMigrations: readonly Migration[] = [];
