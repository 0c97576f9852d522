import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from './config/index.js';
import { haccpCsv } from './haccp-export.js';
import { type Db, openDatabase } from './store/database.js';
import { SampleStore } from './store/samples.js';

describe('the HACCP export of a station', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-haccp-'));
    db = openDatabase(join(dir, 'station.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = () =>
    parseConfig({
      stationId: 'hofladen-7',
      dataDir: dir,
      compartments: [
        { no: 4, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: ['kuehl'] },
        { no: 9, lockChannel: 1, doorInput: 1, size: 'L', zone: 'frozen', probes: ['tief'] },
      ],
      probes: [
        { id: 'kuehl', boardIndex: 0 },
        { id: 'tief', boardIndex: 1 },
      ],
      hardware: { driver: 'serial-board', path: '/dev/ttyUSB0' },
      mqtt: { url: 'mqtt://127.0.0.1:1883' },
    });

  it("of a van has the van's latitude and longitude with every sample, empty while GPS was lost", () => {
    new SampleStore(db).insertBatch([
      {
        probeId: 'kuehl',
        at: '2026-07-01T08:00:00.000Z',
        celsius: 4.8,
        status: 'ok',
        position: { lat: 51.9416, lon: 13.8925 },
      },
      { probeId: 'kuehl', at: '2026-07-01T08:20:00.000Z', celsius: 5.1, status: 'ok' },
      {
        probeId: 'kuehl',
        at: '2026-07-01T09:00:00.000Z',
        celsius: 5.6,
        status: 'ok',
        position: { lat: 51.9128, lon: 13.9462 },
      },
    ]);
    const van = parseConfig({ ...config(), kind: 'van', van: { gpsd: null } });
    const range = {
      from: new Date('2026-07-01T00:00:00Z'),
      to: new Date('2026-07-02T00:00:00Z'),
      now: new Date(),
    };
    const rows = [...haccpCsv(db, van, range, 'samples')].map((l) => l.trimEnd().split(','));
    expect(rows[0]?.slice(-2)).toEqual(['latitude', 'longitude']);
    expect(rows.slice(1).map((r) => [r[4], ...r.slice(-2)])).toEqual([
      ['2026-07-01T08:00:00.000Z', '51.9416', '13.8925'],
      ['2026-07-01T08:20:00.000Z', '', ''],
      ['2026-07-01T09:00:00.000Z', '51.9128', '13.9462'],
    ]);
    // a locker wall's log has no such columns
    expect([...haccpCsv(db, config(), range, 'samples')][0]).not.toContain('latitude');
  });

  it('has one row per sample of the period, in time order, with compartment, zone, limits and a verdict', () => {
    new SampleStore(db).insertBatch([
      { probeId: 'kuehl', at: '2026-07-01T10:00:00.000Z', celsius: 5.2, status: 'ok' },
      { probeId: 'tief', at: '2026-07-01T10:00:00.000Z', celsius: -19.5, status: 'ok' },
      { probeId: 'kuehl', at: '2026-07-01T10:00:10.000Z', celsius: 8.1, status: 'ok' },
      { probeId: 'tief', at: '2026-07-01T10:00:10.000Z', celsius: null, status: 'missing' },
      { probeId: 'kuehl', at: '2026-07-02T10:00:00.000Z', celsius: 4, status: 'ok' }, // outside the period
    ]);
    const lines = [
      ...haccpCsv(
        db,
        config(),
        { from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-07-02T00:00:00Z'), now: new Date() },
        'samples',
      ),
    ];
    const rows = lines.map((l) => l.trimEnd().split(','));
    expect(rows[0]?.slice(0, 4)).toEqual(['station', 'compartment', 'zone', 'probe']);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual(expect.arrayContaining(['hofladen-7', '4', 'chilled', 'kuehl', '5.2']));
    const warm = rows.find((r) => r.includes('8.1'));
    expect(warm?.at(-1)).toBe('no'); // 8.1 °C is above the chilled limit of 7 °C
    const missing = rows.find((r) => r.includes('missing'));
    expect(missing?.at(-1)).toBe(''); // no reading, no verdict
  });

  it('writes German spreadsheet CSV with semicolons and decimal commas when asked', () => {
    new SampleStore(db).insertBatch([
      { probeId: 'kuehl', at: '2026-07-01T10:00:00.000Z', celsius: 5.25, status: 'ok' },
    ]);
    const [, row] = [
      ...haccpCsv(
        db,
        config(),
        { from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-07-02T00:00:00Z'), now: new Date() },
        'samples',
        { dialect: 'excel-de' },
      ),
    ];
    expect(row?.split(';')).toEqual(expect.arrayContaining(['5,25', 'kuehl']));
  });
});
