import { randomUUID } from 'node:crypto';
import { type Db, durably } from '../store/database.js';

export interface LinkSession {
  /** increases with every connection attempt, across restarts */
  readonly session: number;
  /** unique per connection attempt, so two outages never look like one */
  readonly sessionId: string;
}

const KEY = 'link_session';

/**
 * The session number is taken before CONNECT because the last will (registered in CONNECT) must
 * carry the same number as the birth that follows. It is written durably: a number reused after a
 * power cut would let an old will tie with a newer birth.
 */
export class SessionCounter {
  private readonly read;
  private readonly write;

  constructor(private readonly db: Db) {
    this.read = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.write = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  current(): number {
    const row = this.read.get(KEY) as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  next(): LinkSession {
    const session = durably(this.db, () => {
      const n = this.current() + 1;
      this.write.run(KEY, String(n));
      return n;
    });
    return { session, sessionId: randomUUID() };
  }
}
