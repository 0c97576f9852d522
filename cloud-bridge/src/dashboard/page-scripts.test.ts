import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PUBLIC_DIR } from './pages.js';

// The browser modules that hold no DOM code, imported as the browser would load them.
const load = async <T>(file: string): Promise<T> =>
  (await import(pathToFileURL(path.join(PUBLIC_DIR, 'assets', 'js', file)).href)) as T;

type Point = [number, number | null];
interface Scales {
  niceTicks(min: number, max: number, count?: number): number[];
  timeTicks(
    from: number,
    to: number,
    maxTicks?: number,
    offsetMinutes?: number,
  ): { step: number; ticks: number[] };
  linePath(points: Point[], x: (t: number) => number, y: (v: number) => number, maxGapMs: number): string;
  valueDomain(
    series: { points: [number, number | null, number | null, number | null][] }[],
    limits: { celsius: number }[],
  ): { min: number; max: number; limits: { celsius: number }[] } | null;
}
interface Describe {
  describeEvent(e: { type: string; event: Record<string, unknown> }): {
    title: string;
    detail: string | null;
    tone: string;
  };
}
interface Format {
  celsius(v: number | null): string;
  ago(iso: string | null, now?: number): string;
  outOfLimit(v: number | null, limits: { upperCelsius: number | null; lowerCelsius: number | null }): boolean;
}

describe('dashboard chart scales', () => {
  it('puts value ticks on round numbers that cover the readings', async () => {
    const { niceTicks } = await load<Scales>('chart-scales.js');
    expect(niceTicks(3.7, 9.4, 5)).toEqual([2, 4, 6, 8, 10]);
    expect(niceTicks(-21.3, -16.8, 5)).toEqual([-22, -21, -20, -19, -18, -17, -16]);
    expect(niceTicks(5, 5, 4)).toEqual([4, 4.5, 5, 5.5, 6]);
  });

  it('puts time ticks on whole local hours, at most as many as asked for', async () => {
    const { timeTicks } = await load<Scales>('chart-scales.js');
    const from = Date.parse('2026-03-10T08:17:00Z');
    const { step, ticks } = timeTicks(from, from + 24 * 3_600_000, 8, -60);
    expect(step).toBe(3 * 3_600_000);
    expect(ticks.length).toBeLessThanOrEqual(8);
    // UTC+1 (offset −60): ticks fall on 12:00, 15:00 … local, i.e. 11:00, 14:00 … UTC.
    expect(new Date(ticks[0] ?? 0).toISOString()).toBe('2026-03-10T11:00:00.000Z');
  });

  it('breaks a line where readings are missing or the station was silent', async () => {
    const { linePath } = await load<Scales>('chart-scales.js');
    const id = (v: number) => v;
    const points: Point[] = [
      [0, 1],
      [10, 2],
      [20, null],
      [30, 3],
      [40, 4],
      [100, 5],
    ];
    expect(linePath(points, id, id, 25)).toBe('M0.0,1.0L10.0,2.0M30.0,3.0L40.0,4.0M100.0,5.0');
  });

  it('shows a zone limit only when it lies near the readings', async () => {
    const { valueDomain } = await load<Scales>('chart-scales.js');
    const chilled = [
      {
        points: [
          [0, 4.1, 3.9, 4.4] as [number, number, number, number],
          [1, 5, 4.8, 9.2] as [number, number, number, number],
        ],
      },
    ];
    const domain = valueDomain(chilled, [{ celsius: 7 }, { celsius: 25 }]);
    expect(domain).toEqual({ min: 3.9, max: 9.2, limits: [{ celsius: 7 }] });
    expect(valueDomain([{ points: [[0, null, null, null]] }], [])).toBeNull();
  });
});

describe('dashboard texts', () => {
  it('describes events for the history without ever printing a code', async () => {
    const { describeEvent } = await load<Describe>('describe.js');
    const issued = describeEvent({
      type: 'codes.issued',
      event: {
        orderId: 'ORD-1',
        pickupPin: '48213907',
        loadingCodes: [{ parcelId: 'P1', code: '77120455' }],
      },
    });
    expect(JSON.stringify(issued)).not.toMatch(/48213907|77120455/);
    expect(issued.title).toBe('Codes issued for order ORD-1');
    expect(
      describeEvent({
        type: 'alarm.raised',
        event: { kind: 'temperature_high', compartment: 5, detail: 'Compartment 5 at 8.6 °C' },
      }),
    ).toEqual({
      title: 'Alarm: Temperature too high (compartment 5)',
      detail: 'Compartment 5 at 8.6 °C',
      tone: 'alarm',
    });
    expect(describeEvent({ type: 'station.rebooted', event: {} }).title).toBe('station.rebooted');
  });

  it('formats temperatures and ages as operators read them', async () => {
    const { celsius, ago, outOfLimit } = await load<Format>('format.js');
    expect(celsius(-19.64)).toBe('−19.6 °C');
    expect(celsius(null)).toBe('—');
    const now = Date.parse('2026-03-10T14:00:00Z');
    expect(ago('2026-03-10T13:59:30Z', now)).toBe('just now');
    expect(ago('2026-03-10T13:33:00Z', now)).toBe('27 min ago');
    expect(ago('2026-03-08T10:00:00Z', now)).toBe('2 days ago');
    expect(outOfLimit(7.1, { upperCelsius: 7, lowerCelsius: 0 })).toBe(true);
    expect(outOfLimit(-0.5, { upperCelsius: 7, lowerCelsius: 0 })).toBe(true);
    expect(outOfLimit(6.9, { upperCelsius: 7, lowerCelsius: 0 })).toBe(false);
  });

  it('a German operator reads alarm kinds, zones, states, ages and the event history in German', async () => {
    const format = await load<
      Format & {
        setFormatLanguage(lang: string): void;
        alarmKind(k: string): string;
        zone(z: string): string;
        compartmentState(s: string): string;
        severity(s: string): string;
      }
    >('format.js');
    const { describeEvent } = await load<Describe>('describe.js');
    const now = Date.parse('2026-03-10T12:00:00Z');
    format.setFormatLanguage('de');
    try {
      expect(format.alarmKind('temperature_high')).toBe('Temperatur zu hoch');
      expect(format.zone('chilled')).toBe('Gekühlt');
      expect(format.compartmentState('blocked')).toBe('Gesperrt');
      expect(format.severity('critical')).toBe('Kritisch');
      expect(format.ago('2026-03-10T11:56:00Z', now)).toBe('vor 4 min');
      expect(format.ago('2026-03-08T11:00:00Z', now)).toBe('vor 2 Tagen');
      expect(describeEvent({ type: 'parcel.loaded', event: { compartment: 4, orderId: 'O-7' } }).title).toBe(
        'Paket in Fach 4 eingelagert',
      );
      expect(
        describeEvent({ type: 'alarm.raised', event: { kind: 'door_forced', compartment: 2, detail: null } })
          .title,
      ).toBe('Alarm: Tür aufgebrochen (Fach 2)');
    } finally {
      format.setFormatLanguage('en');
    }
    expect(format.alarmKind('temperature_high')).toBe('Temperature too high');
    expect(describeEvent({ type: 'parcel.loaded', event: { compartment: 4, orderId: 'O-7' } }).title).toBe(
      'Parcel loaded into compartment 4',
    );
  });
});
