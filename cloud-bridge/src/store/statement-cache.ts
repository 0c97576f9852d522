import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

/** More distinct statements than the code holds (a few are built per filter); the oldest go first. */
const MAX_STATEMENTS = 256;

/**
 * The same database, with `prepare` remembered per SQL text. better-sqlite3 compiles the SQL on every
 * `prepare`, and the ingest runs the same few statements for every message: compiling them was a
 * quarter of the bridge's CPU time under load (docs/performance.md, bridge ingest). Statements are
 * reusable as long as nobody switches their mode (`pluck`, `raw`, `expand`), which this code never does.
 */
export const withStatementCache = (db: Db): Db => {
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value ?? '');
      cache.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
