import type { EventBody, TelemetryMessage } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MqttLink } from './mqtt-link.js';
import { testLink, untilState } from './testing/link-fixture.js';
import { TestMarketplace } from './testing/marketplace.js';
import { StationStore } from './testing/station-store.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';

const STATION = 'hofladen-7';
const door = (n: number): EventBody => ({
  type: 'compartment.door',
  compartment: (n % 12) + 1,
  open: n % 2 === 0,
});
const alarm = (n: number): EventBody => ({
  type: 'alarm.raised',
  alarmId: `a-${n}`,
  kind: 'temperature_high',
  severity: 'critical',
  compartment: 1,
  probeId: 'p-1',
  detail: '9.1 °C in a chilled compartment',
});
const batch = (n: number): TelemetryMessage => ({
  v: 1,
  stationId: STATION,
  batchId: `batch-${n}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  samples: [
    { probeId: 'p-1', compartment: 1, at: new Date().toISOString(), celsius: 4 + (n % 3), status: 'ok' },
  ],
  doors: [{ compartment: 1, open: false }],
});
const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('draining the outbox to the marketplace', () => {
  let broker: TestBroker;
  let store: StationStore;
  let market: TestMarketplace;
  let link: MqttLink | undefined;

  beforeEach(async () => {
    broker = await TestBroker.start();
    store = new StationStore(STATION);
    market = await TestMarketplace.connect(broker.url, STATION);
  });

  afterEach(async () => {
    await link?.stop();
    link = undefined;
    await market.close();
    await broker.close();
    store.close();
  });

  it('delivers every event once and in order, written before and while online, and empties the outbox', async () => {
    for (let i = 0; i < 40; i++) store.outbox.appendEvent(door(i), new Date());
    link = testLink(broker.url, store);
    link.start();
    await untilState(link, 'online');
    for (let i = 40; i < 80; i++) store.outbox.appendEvent(i % 10 === 0 ? alarm(i) : door(i), new Date());

    await until('80 events', () => market.events.length >= 80);
    expect(market.events.map((e) => e.seq)).toEqual(seqs(1, 80));
    expect(market.events.filter((e) => e.event.type === 'alarm.raised')).toHaveLength(4);
    await until('outbox empty', () => store.outbox.size().events === 0);
    expect(market.invalid).toEqual([]);
  });

  it('loses nothing and leaves no gap when the broker goes away during traffic and comes back on its port', async () => {
    link = testLink(broker.url, store);
    link.start();
    await untilState(link, 'online');
    let appended = 0;
    const append = (n: number) => {
      for (let i = 0; i < n; i++) store.outbox.appendEvent(door(appended++), new Date());
    };
    append(30);
    await until('some delivered', () => market.events.length >= 10);

    await broker.stopNetwork();
    append(30); // a door opened and closed while the broker is down
    await untilState(link, 'backing-off');
    append(30);
    expect(store.outbox.size().events).toBeGreaterThanOrEqual(60); // kept until acknowledged

    await broker.startNetwork();
    await untilState(link, 'online');
    append(30);

    await until('all 120 after dedup', () => market.uniqueEvents().length >= 120, 20_000);
    expect(market.uniqueEvents().map((e) => e.seq)).toEqual(seqs(1, 120));
    await until('outbox empty', () => store.outbox.size().events === 0);
  });

  it('thins a large telemetry backlog to the newest batches and still delivers every event in order', async () => {
    for (let i = 0; i < 600; i++) {
      store.outbox.appendTelemetry(batch(i));
      if (i % 6 === 0) store.outbox.appendEvent(i % 60 === 0 ? alarm(i) : door(i), new Date());
    }
    link = testLink(broker.url, store, { drain: { maxTelemetryBacklog: 200, keepTelemetry: 50 } });
    link.start();

    await until('every event', () => market.events.length >= 100);
    // Delivered in order, so once the newest batch is in, every batch that was kept is in.
    await until('the newest batch', () => market.telemetry.some((t) => t.batchId === 'batch-599'));
    expect(market.events.map((e) => e.seq)).toEqual(seqs(1, 100));
    expect(market.events.filter((e) => e.event.type === 'alarm.raised')).toHaveLength(10);
    expect(market.telemetry.length).toBe(50);
    expect(market.telemetry.map((t) => t.batchId)).toEqual(seqs(550, 599).map((n) => `batch-${n}`));
  });

  it('thins telemetry while offline too, so that a long outage does not fill the disk', async () => {
    await broker.stopNetwork();
    link = testLink(broker.url, store, {
      drain: { maxTelemetryBacklog: 50, keepTelemetry: 10, thinCheckEveryMs: 0 },
    });
    link.start();
    for (let i = 0; i < 120; i++) {
      store.outbox.appendTelemetry(batch(i));
      if (i % 10 === 0) store.outbox.appendEvent(door(i), new Date());
      await new Promise((r) => setImmediate(r)); // one batch per interval, as in the field
    }
    await until('backlog thinned', () => store.outbox.size().telemetry <= 50);
    expect(store.outbox.size().events).toBe(12);

    await broker.startNetwork();
    await until('every event', () => market.uniqueEvents().length === 12);
    // Delivered in order, so once the newest batch is in, every batch that was kept is in.
    await until('the newest batch', () => market.telemetry.some((t) => t.batchId === 'batch-119'));
    expect(market.telemetry.length).toBeLessThanOrEqual(50);
    await until('outbox empty', () => store.outbox.size().telemetry === 0);
  });

  it('keeps draining when the storage refuses to delete delivered entries for a while (disk full)', async () => {
    link = testLink(broker.url, store);
    link.start();
    await untilState(link, 'online');
    store.db.exec(
      "CREATE TRIGGER disk_full BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    for (let i = 0; i < 5; i++) store.outbox.appendEvent(door(i), new Date());
    await until('5 events delivered', () => market.uniqueEvents().length === 5);
    expect(store.outbox.size().events).toBe(5); // acknowledged, but not yet deleted

    store.db.exec('DROP TRIGGER disk_full');
    // nothing new is appended: the drain retries the deletion by itself
    await until('outbox empty', () => store.outbox.size().events === 0);
    store.outbox.appendEvent(door(5), new Date());
    await until('the next event', () => market.uniqueEvents().length === 6);
    expect(link.state).toBe('online');
  });

  it('keeps the backlog in the outbox while no broker is reachable', async () => {
    await broker.stopNetwork();
    for (let i = 0; i < 5; i++) store.outbox.appendEvent(door(i), new Date());
    link = testLink(broker.url, store);
    link.start();
    await untilState(link, 'backing-off');
    // probes only while the broker is away: the link stays backing off, the events stay put
    await new Promise((r) => setTimeout(r, 1_500));
    expect(link.state).toBe('backing-off');
    expect(store.outbox.size().events).toBe(5);

    await broker.startNetwork();
    await until('5 events', () => market.uniqueEvents().length === 5);
    expect(market.uniqueEvents().map((e) => e.seq)).toEqual(seqs(1, 5));
  });
});
