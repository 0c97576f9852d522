import { TelemetryMessage } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import { TelemetryBatcher, type TelemetryReadings } from './telemetry-batcher.js';
import { silentLogger } from './testing/link-fixture.js';
import { StationStore } from './testing/station-store.js';
import { until } from './testing/until.js';

const STATION = 'kuehlbox-5';

describe('telemetry batches', () => {
  let store: StationStore;
  let clock: ManualClock;
  let celsius: number;
  let doorOpen: boolean;
  const readings = (): TelemetryReadings => ({
    probes: [
      { probeId: 'p-1', compartment: 1, celsius, status: 'ok' },
      { probeId: 'p-2', compartment: 2, celsius: null, status: 'missing' },
    ],
    doors: [
      { compartment: 1, open: doorOpen },
      { compartment: 2, open: null },
    ],
  });
  const queued = () =>
    store.outbox
      .peek(100)
      .map((e) => ({ kind: e.kind, message: TelemetryMessage.parse(JSON.parse(e.payload)) }));

  beforeEach(() => {
    store = new StationStore(STATION);
    clock = new ManualClock('2026-03-01T06:00:00Z');
    celsius = 4.5;
    doorOpen = false;
  });
  afterEach(() => store.close());

  it('collects samples with their times and writes them to the outbox as one batch with the latest doors', async () => {
    const batcher = new TelemetryBatcher({
      stationId: STATION,
      outbox: store.outbox,
      clock,
      readings,
      batchEveryMs: 60_000,
      logger: silentLogger,
    });
    await batcher.sample();
    clock.advance(60_000);
    celsius = 6.1;
    doorOpen = true;
    await batcher.sample();
    const batch = batcher.flush();

    expect(queued()).toHaveLength(1);
    expect(queued()[0]).toEqual({ kind: 'telemetry', message: batch });
    expect(batch?.samples.map((s) => [s.probeId, s.at, s.celsius])).toEqual([
      ['p-1', '2026-03-01T06:00:00.000Z', 4.5],
      ['p-2', '2026-03-01T06:00:00.000Z', null],
      ['p-1', '2026-03-01T06:01:00.000Z', 6.1],
      ['p-2', '2026-03-01T06:01:00.000Z', null],
    ]);
    expect(batch?.doors).toEqual([
      { compartment: 1, open: true },
      { compartment: 2, open: null },
    ]);
    expect(batcher.flush()).toBeUndefined(); // nothing new, nothing written
    expect(queued()).toHaveLength(1);
  });

  it('runs on its own at the configured intervals and writes what is left when stopped', async () => {
    const batcher = new TelemetryBatcher({
      stationId: STATION,
      outbox: store.outbox,
      clock,
      readings,
      sampleEveryMs: 20,
      batchEveryMs: 150,
      logger: silentLogger,
    });
    batcher.start();
    await until('two batches', () => queued().length >= 2);
    await batcher.stop();
    const batches = queued().map((q) => q.message);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(batches.length);
    expect(batches.every((b) => b.samples.length > 0 && b.stationId === STATION)).toBe(true);
  });

  it('writes a batch with samples every mqtt.telemetryIntervalSeconds, also when that is shorter than a minute', async () => {
    // batchEveryMs stands for telemetryIntervalSeconds: 5 at 1/100 of the time; samples default to 60 s
    const batcher = new TelemetryBatcher({
      stationId: STATION,
      outbox: store.outbox,
      clock,
      readings,
      batchEveryMs: 50,
      logger: silentLogger,
    });
    const started = performance.now();
    batcher.start();
    await until('three batches', () => queued().length >= 3, 2_000);
    const elapsed = performance.now() - started;
    await batcher.stop();
    expect(elapsed).toBeLessThan(1_000);
    expect(queued().every((q) => q.message.samples.length > 0)).toBe(true);
  });

  it('skips a sample when the readings fail and goes on', async () => {
    let fail = true;
    const batcher = new TelemetryBatcher({
      stationId: STATION,
      outbox: store.outbox,
      clock,
      readings: () => {
        if (fail) throw new Error('board unreachable');
        return readings();
      },
      batchEveryMs: 60_000,
      logger: silentLogger,
    });
    await batcher.sample();
    fail = false;
    await batcher.sample();
    expect(batcher.flush()?.samples).toHaveLength(2);
  });

  it('tells the serial line’s quality per batch: what it carried since the previous batch', async () => {
    let line = { framesReceived: 100, framesDamaged: 0, garbageBytes: 0, crcErrors: 0, timeouts: 0 };
    const batcher = new TelemetryBatcher({
      stationId: STATION,
      outbox: store.outbox,
      clock,
      readings,
      batchEveryMs: 60_000,
      logger: silentLogger,
      serialLine: () => line,
    });
    await batcher.sample();
    const first = batcher.flush();
    line = { framesReceived: 130, framesDamaged: 412, garbageBytes: 98_000, crcErrors: 7, timeouts: 2 };
    await batcher.sample();
    const second = batcher.flush();
    await batcher.sample();
    const third = batcher.flush();

    expect(first?.serialLine).toEqual({
      framesReceived: 100,
      framesDamaged: 0,
      garbageBytes: 0,
      crcErrors: 0,
      timeouts: 0,
    });
    expect(second?.serialLine).toEqual({
      framesReceived: 30,
      framesDamaged: 412,
      garbageBytes: 98_000,
      crcErrors: 7,
      timeouts: 2,
    });
    expect(third?.serialLine).toMatchObject({ framesDamaged: 0, garbageBytes: 0 });
    expect(queued().map((q) => q.message.serialLine?.garbageBytes)).toEqual([0, 98_000, 0]);
  });
});
