import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('statement cache', () => {
  it('compiles a statement once and hands the same one out again, while transactions and exec still work', () => {
    const raw = new Database(':memory:');
    const db = withStatementCache(raw);
    db.exec('CREATE TABLE t (n INTEGER)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    expect(db.prepare('INSERT INTO t (n) VALUES (?)')).toBe(insert);
    db.transaction(() => {
      for (let i = 0; i < 3; i++) db.prepare('INSERT INTO t (n) VALUES (?)').run(i);
    })();
    expect(db.prepare('SELECT COUNT(*) AS c FROM t').get()).toEqual({ c: 3 });
    expect(db.inTransaction).toBe(false);
    raw.close();
  });

  it('keeps at most 256 statements: SQL built per filter cannot grow it without bound', () => {
    const raw = new Database(':memory:');
    const db = withStatementCache(raw);
    const first = db.prepare('SELECT 0');
    for (let i = 1; i <= 256; i++) db.prepare(`SELECT ${i}`);
    expect(db.prepare('SELECT 0')).not.toBe(first);
    expect(db.prepare('SELECT 256')).toBe(db.prepare('SELECT 256'));
    raw.close();
  });
});
