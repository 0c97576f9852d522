import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { Outbox } from '../store/outbox.js';
import { TestMarketplace } from './testing/marketplace.js';
import { StationStore } from './testing/station-store.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';

const STATION = 'crash-7';
const SCRIPT = fileURLToPath(new URL('./testing/crashing-station.ts', import.meta.url));
const CYCLES = Number(process.env.CRASH_CYCLES ?? 50);

/** Runs the station in its own process, so that SIGKILL hits it like a power cut hits the Pi's service. */
const spawnStation = (dbFile: string, url: string, drainOnly = false): ChildProcess =>
  spawn(
    process.execPath,
    [
      '--conditions=regiobox-source',
      '--import',
      'tsx',
      SCRIPT,
      dbFile,
      url,
      STATION,
      ...(drainOnly ? ['--drain-only'] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: path.resolve(fileURLToPath(new URL('../../..', import.meta.url))),
    },
  );

const kill = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('a station process killed at random moments', () => {
  let broker: TestBroker;
  let store: StationStore;
  let market: TestMarketplace;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    broker = await TestBroker.start();
    store = new StationStore(STATION);
    store.db.close(); // the station processes own the file
    market = await TestMarketplace.connect(broker.url, STATION);
  });

  afterAll(async () => {
    if (child) await kill(child);
    await market.close();
    await broker.close();
    store.close();
  });

  it(`delivers every event without gaps after ${CYCLES} SIGKILLs, with a new session each time`, async () => {
    const dbFile = path.join(store.dir, 'station.db');
    let random = 7;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const running = spawnStation(dbFile, broker.url);
      child = running;
      // Kill it at a random point: sometimes before it connects, mostly while it writes and publishes.
      random = (random * 48_271) % 2_147_483_647;
      const online = new Promise<void>((resolve) => running.stdout?.once('data', () => resolve()));
      if (random % 4 !== 0) await Promise.race([online, new Promise((r) => setTimeout(r, 5_000))]);
      await new Promise((r) => setTimeout(r, random % 250));
      await kill(running);
    }
    child = spawnStation(dbFile, broker.url, true);
    const reader = openDatabase(dbFile);
    try {
      const lastSeq = new Outbox(reader, STATION).lastSeq();
      expect(lastSeq).toBeGreaterThan(CYCLES);
      await until(`all ${lastSeq} events`, () => market.uniqueEvents().length >= lastSeq, 60_000).catch(
        (e) => {
          const seen = new Set(market.uniqueEvents().map((m) => m.seq));
          const missing = Array.from({ length: lastSeq }, (_, i) => i + 1).filter((n) => !seen.has(n));
          const left = new Outbox(reader, STATION).peek(5).map((x) => x.pos);
          throw new Error(
            `${(e as Error).message}; missing ${missing.length}: ${missing.slice(0, 20).join(',')}; outbox head ${left}`,
          );
        },
      );
      expect(market.uniqueEvents().map((e) => e.seq)).toEqual(
        Array.from({ length: lastSeq }, (_, i) => i + 1),
      );
    } finally {
      reader.close();
    }
    const births = market.statuses.filter((s) => s.state === 'online').map((s) => s.session);
    expect(births.length).toBeGreaterThan(CYCLES / 2);
    expect(births).toEqual([...births].sort((a, b) => a - b));
    expect(new Set(births).size).toBe(births.length);
  }, 600_000);
});
