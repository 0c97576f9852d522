import { randomUUID } from 'node:crypto';
import { type Db, durably } from '../store/database.js';
import { MetaStore } from '../store/meta.js';

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
  private readonly meta: MetaStore;

  constructor(private readonly db: Db) {
    this.meta = new MetaStore(db);
  }

  current(): number {
    const value = this.meta.get(KEY);
    return value === undefined ? 0 : Number(value);
  }

  next(): LinkSession {
    const session = durably(this.db, () => {
      const n = this.current() + 1;
      this.meta.set(KEY, String(n));
      return n;
    });
    return { session, sessionId: randomUUID() };
  }
}
