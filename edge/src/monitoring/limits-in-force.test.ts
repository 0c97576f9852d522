import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { haccpCsv } from '../haccp-export.js';
import { producerLoads } from '../station/testing/actors.js';
import { haccpParcelRows } from '../station/testing/cold-chain-feed.js';
import { type FixtureOptions, StationFixture } from '../station/testing/station-fixture.js';
import { AuditRepo } from '../store/audit-repo.js';
import { StationMonitor } from './station-monitor.js';

const MINUTE = 60_000;

/** The HACCP sample log of the last week as rows keyed by column name. */
const sampleRows = (f: StationFixture): Record<string, string>[] => {
  const now = f.clock.current.now();
  const range = { from: new Date(now.getTime() - 7 * 86_400_000), to: now, now };
  const [header = [], ...lines] = [...haccpCsv(f.db, f.config, range, 'samples')].map((l) =>
    l.replace(/\r\n$/, '').split(','),
  );
  return lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
};

const alarmKinds = (f: StationFixture) =>
  (f.db.prepare('SELECT kind FROM alarms ORDER BY raised_at').all() as { kind: string }[]).map((a) => a.kind);

describe('limits per station, recorded as applied', () => {
  let f: StationFixture;
  let monitor: StationMonitor;

  const start = async (options: FixtureOptions) => {
    f = new StationFixture(options);
    await f.start();
    monitor = new StationMonitor({
      db: f.db,
      outbox: f.outbox,
      hardware: f.hw,
      station: f.station,
      config: f.config,
      clock: f.clock.current,
      logger: pino({ level: 'silent' }),
      sampleIntervalMs: 3_600_000,
      tickIntervalMs: 3_600_000,
    });
    monitor.start();
    await monitor.sample();
  };
  /** minutes of sampling every minute at the probe's temperature */
  const sampleFor = async (minutes: number) => {
    for (let i = 0; i < minutes; i++) {
      f.clock.advance(MINUTE);
      await monitor.sample();
    }
  };
  afterEach(async () => {
    await monitor.stop();
    await f.close();
  });

  it('a chilled zone tightened to 5 °C exports a 6 °C reading with limit 5 and within_limits=no, and alarms at 5 °C', async () => {
    await start({ thresholds: { chilled: { upperCelsius: 5 } } });
    f.hw.setProbe('chill', 6);
    await sampleFor(11);
    await monitor.stop(); // writes the waiting sample batch
    const warm = sampleRows(f).filter((r) => r.celsius === '6');
    expect(warm.length).toBeGreaterThan(0);
    for (const row of warm)
      expect(row).toMatchObject({ zone: 'chilled', upper_limit_celsius: '5', within_limits: 'no' });
    // the default 7 °C would never have raised this: the alarm rules judge by the station's limit
    expect(alarmKinds(f)).toContain('temperature_high');
  });

  it('set_thresholds applies from now on, never rewrites the samples or the record taken before, and is audited', async () => {
    await start({ thresholds: { chilled: { upperCelsius: 5 } } });
    const r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'milk', producer: 'Hof Lehmann', zone: 'chilled', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    f.hw.setProbe('chill', 6);
    await sampleFor(3);
    await monitor.setThresholds('chilled', { upperCelsius: 8 }, 'op:anna');
    expect(monitor.compartmentLimits().find((c) => c.compartment === 4)?.thresholds.upperCelsius).toBe(8);
    await sampleFor(5);
    await monitor.stop();

    const rows = sampleRows(f).filter((row) => row.celsius === '6');
    const before = rows.filter((row) => row.upper_limit_celsius === '5');
    const after = rows.filter((row) => row.upper_limit_celsius === '8');
    expect(before.map((row) => row.within_limits)).toEqual(['no', 'no', 'no']);
    expect(after.map((row) => row.within_limits)).toEqual(['yes', 'yes', 'yes', 'yes', 'yes']);
    expect(before.every((b) => after.every((a) => String(b.time_utc) < String(a.time_utc)))).toBe(true);

    // the parcel's record counted the three minutes under 5 °C and nothing after the change
    const [parcel] = haccpParcelRows(f);
    expect(parcel).toMatchObject({ upper_limit_celsius: '8', minutes_above_limit: '3' });

    const audit = new AuditRepo(f.db).list().filter((e) => e.action === 'thresholds_set');
    expect(audit).toEqual([
      expect.objectContaining({ by: 'op:anna', reason: 'chilled', detail: '{"upperCelsius":8}' }),
    ]);
  });

  it('a compartment override is judged and exported on its own, beside its zone', async () => {
    await start({
      compartments: [
        { no: 1, lockChannel: 0, doorInput: 0, size: 'S', zone: 'ambient' },
        {
          no: 4,
          lockChannel: 1,
          doorInput: 1,
          size: 'S',
          zone: 'cold',
          probes: ['chill'],
          thresholds: { upperCelsius: 2 },
        },
      ],
    });
    f.hw.setProbe('chill', 3);
    await sampleFor(2);
    await monitor.stop();
    expect(monitor.compartmentLimits()).toEqual([
      expect.objectContaining({ compartment: 1, thresholds: expect.objectContaining({ upperCelsius: 25 }) }),
      expect.objectContaining({
        compartment: 4,
        thresholds: expect.objectContaining({ upperCelsius: 2, lowerCelsius: -1 }),
      }),
    ]);
    const rows = sampleRows(f).filter((row) => row.celsius === '3');
    expect(rows[0]).toMatchObject({ compartment: '4', upper_limit_celsius: '2', within_limits: 'no' });
  });

  it('refuses set_thresholds that contradict a compartment override, and changes nothing', async () => {
    await start({
      compartments: [
        {
          no: 4,
          lockChannel: 1,
          doorInput: 1,
          size: 'S',
          zone: 'cold',
          probes: ['chill'],
          thresholds: { upperCelsius: 2 },
        },
      ],
    });
    // a lower limit of 1.5 °C leaves the fish drawer's 2 °C upper limit no room for its hysteresis
    await expect(monitor.setThresholds('cold', { lowerCelsius: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_THRESHOLDS',
      message: expect.stringContaining('compartment 4'),
    });
    expect(monitor.zoneThresholds().cold.lowerCelsius).toBe(-1);
    expect(new AuditRepo(f.db).list().filter((e) => e.action === 'thresholds_set')).toEqual([]);
  });
});
