import { type Db, durably } from '../database.js';

/**
 * Runs `fn` in a transaction that survives a power cut. Inside a caller's transaction it becomes a
 * savepoint of it, so that a hold and its compartment block commit together; the caller's
 * transaction then decides durability.
 */
export const inOneTransaction = <T>(db: Db, fn: () => T): T =>
  db.inTransaction ? db.transaction(fn)() : durably(db, fn);
