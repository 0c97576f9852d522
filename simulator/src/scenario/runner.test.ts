import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';
import { formatOutcome, runScenario } from './runner.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('runScenario in-process: the bridge, one cold box and the people around it', () => {
  it('orders are reserved, loaded and picked up, and every station event reaches the bridge once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'regiobox-scenario-'));
    dirs.push(dataDir);
    const scenario = parseScenario({
      name: 'test-one-box',
      seed: 11,
      speed: 120,
      start: '2026-06-01T07:00:00Z',
      duration: '30m',
      settle: '2h',
      stations: [{ id: 'test-kuehlbox', shape: 'cold-box' }],
      traffic: {
        ordersPerHour: 8,
        parcelsPerOrder: [1, 1],
        producerDelay: ['1m', '4m'],
        pickupDelay: ['2m', '8m'],
        pickupWindow: '3h',
        lateShare: 0,
        wrongCodeShare: 1,
        qrShare: 0.5,
      },
      operator: { name: 'Anna', checkEvery: '2m', ackAfter: ['2m', '5m'] },
      expect: { minOrders: 1, minPickups: 1 },
    });
    const lines: string[] = [];
    const outcome = await runScenario(scenario, {
      dataDir,
      logger: pino({ level: 'silent' }),
      print: (l) => lines.push(l),
    });
    const report = formatOutcome(outcome).join('\n');
    expect(outcome.ok, report).toBe(true);
    expect(outcome.stories.picked_up ?? 0).toBeGreaterThanOrEqual(1);

    // the live log shows the story a person would follow
    expect(lines.some((l) => /reserved tk-\d+ → compartment 1 \(chilled\) · PIN \d{10}/.test(l))).toBe(true);
    expect(lines.some((l) => /customer mistypes the PIN/.test(l))).toBe(true);
    expect(lines.some((l) => /customer (types the PIN|scans the QR code), takes compartment 1/.test(l))).toBe(
      true,
    );

    // the bridge holds each of the station's events exactly once, seq 1..n
    const [station] = outcome.evidence.stations;
    if (!station) throw new Error('no station evidence');
    expect(station.records.lastSeq).toBeGreaterThan(0);
    expect(station.events.map((e) => e.seq)).toEqual(
      Array.from({ length: station.records.lastSeq }, (_, i) => i + 1),
    );
    const pickedUp = station.events.filter((e) => e.type === 'parcel.picked_up');
    expect(pickedUp.length).toBe(outcome.stories.picked_up);
    // the marketplace heard each picked-up parcel once, after dropping redeliveries
    const heard = outcome.evidence.webhooks.filter((w) => w.type === 'parcel.picked_up');
    expect(heard.map((w) => w.id).sort()).toEqual(pickedUp.map((e) => e.eventId).sort());
    // every wrong code was refused and opened nothing
    const wrong = outcome.evidence.journal.codes().filter((c) => c.purpose === 'wrong');
    expect(wrong.length).toBeGreaterThanOrEqual(1);
    expect(wrong.every((c) => !c.ok && c.opened.length === 0)).toBe(true);
  }, 240_000);
});
