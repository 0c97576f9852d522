import type { Db } from './database.js';

/**
 * The station's small durable facts, one text value per key: the link session number, the latest
 * time known to have passed, the last "still alive" stamp, job runs, the marketplace's zone limits.
 */
export class MetaStore {
  private readonly readStmt;
  private readonly writeStmt;

  constructor(readonly db: Db) {
    this.readStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.writeStmt = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | undefined {
    return (this.readStmt.get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.writeStmt.run(key, value);
  }

  /** A stored time, or null when there is none or it does not parse. */
  getTime(key: string): Date | null {
    const value = this.get(key);
    const ms = value === undefined ? Number.NaN : Date.parse(value);
    return Number.isFinite(ms) ? new Date(ms) : null;
  }

  setTime(key: string, at: Date): void {
    this.set(key, at.toISOString());
  }
}
