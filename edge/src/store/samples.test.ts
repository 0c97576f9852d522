import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './database.js';
import { SampleBuffer, SampleStore, type TemperatureSample } from './samples.js';

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const sample = (i: number): TemperatureSample => ({
  probeId: 'chill-a',
  at: new Date(Date.UTC(2026, 0, 1, 8, 0, i)).toISOString(),
  celsius: 4 + i / 10,
  status: 'ok',
});

describe('temperature samples are written in batches', () => {
  let dir: string;
  let db: Db;
  let store: SampleStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-samples-'));
    db = openDatabase(join(dir, 'station.db'));
    store = new SampleStore(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('nothing reaches the database until the batch is full, then all of it at once', () => {
    const buffer = new SampleBuffer(store, { maxSamples: 5, maxAgeMs: 60_000 });
    for (let i = 0; i < 4; i++) buffer.add(sample(i));
    expect(store.count()).toBe(0);
    buffer.add(sample(4));
    expect(store.count()).toBe(5);
    expect(buffer.waiting()).toBe(0);
    buffer.close();
  });

  it('a partial batch is written when it grows old', async () => {
    const buffer = new SampleBuffer(store, { maxSamples: 100, maxAgeMs: 50 });
    buffer.add(sample(0));
    buffer.add(sample(1));
    await until(() => store.count() === 2);
    buffer.close();
  });

  it('samples survive a failed write and go in with the next batch', () => {
    const errors: unknown[] = [];
    const buffer = new SampleBuffer(store, {
      maxSamples: 2,
      maxAgeMs: 60_000,
      onError: (e) => errors.push(e),
    });
    db.exec(
      'CREATE TRIGGER refuse BEFORE INSERT ON temperature_samples BEGIN SELECT RAISE(ABORT, "disk full"); END',
    );
    buffer.add(sample(0));
    buffer.add(sample(1));
    expect(errors).toHaveLength(1);
    expect(store.count()).toBe(0);
    db.exec('DROP TRIGGER refuse');
    buffer.add(sample(2));
    expect(store.count()).toBe(3);
    buffer.close();
  });

  it('the backlog during a long storage fault is bounded, keeping the newest', () => {
    const buffer = new SampleBuffer(store, {
      maxSamples: 2,
      maxAgeMs: 60_000,
      maxBacklog: 3,
      onError: () => {},
    });
    db.exec(
      'CREATE TRIGGER refuse BEFORE INSERT ON temperature_samples BEGIN SELECT RAISE(ABORT, "disk full"); END',
    );
    for (let i = 0; i < 10; i++) buffer.add(sample(i));
    expect(buffer.waiting()).toBe(3);
    db.exec('DROP TRIGGER refuse');
    buffer.flush();
    expect(store.between(['chill-a'], sample(0).at, sample(9).at).map((s) => s.celsius)).toEqual([
      4.7, 4.8, 4.9,
    ]);
  });

  it('reads a probe’s samples for a period, in time order', () => {
    store.insertBatch([sample(3), sample(1), { ...sample(2), probeId: 'other' }]);
    expect(store.between(['chill-a'], sample(0).at, sample(5).at).map((s) => s.at)).toEqual([
      sample(1).at,
      sample(3).at,
    ]);
    expect(store.deleteBefore(sample(2).at)).toBe(1);
  });
});
