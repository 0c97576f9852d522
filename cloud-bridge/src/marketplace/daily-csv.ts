import type { DailySummary } from '../store/fleet-store.js';
import { cell } from './haccp-csv.js';

const BASE = [
  'station_id',
  'day',
  'pickups',
  'loads',
  'expiries',
  'alarms',
  'temperature_excursions',
  'uptime_minutes',
] as const;

const ZONES = ['ambient', 'chilled', 'cold', 'frozen'];
const SIZES = ['S', 'M', 'L'];
const rank = (key: string): number => {
  const [zone = '', size = ''] = key.split('_');
  return ZONES.indexOf(zone) * 10 + SIZES.indexOf(size);
};

/**
 * The stations' days as CSV, one row per station and day, for a spreadsheet or an analysis of where
 * stations help: the fixed figures, then three columns per zone and size present in the period.
 */
export const dailySummaryCsv = (rows: readonly DailySummary[]): string => {
  const kinds = [...new Set(rows.flatMap((r) => r.compartmentUse.map((u) => `${u.zone}_${u.size}`)))].sort(
    (a, b) => rank(a) - rank(b),
  );
  const header = [...BASE, ...kinds.flatMap((k) => [`${k}_compartments`, `${k}_loads`, `${k}_pickups`])];
  const lines = rows.map((r) => {
    const use = new Map(r.compartmentUse.map((u) => [`${u.zone}_${u.size}`, u]));
    return [
      r.stationId,
      r.day,
      r.pickups,
      r.loads,
      r.expiries,
      r.alarms,
      r.excursions,
      r.uptimeMinutes,
      ...kinds.flatMap((k) => {
        const u = use.get(k);
        return u ? [u.compartments, u.loads, u.pickups] : [null, null, null];
      }),
    ];
  });
  return [header, ...lines].map((cells) => `${cells.map(cell).join(',')}\r\n`).join('');
};

/** A period's sums over the given rows (a town, the fleet); null where no row reported the figure. */
export const dailyTotals = (rows: readonly DailySummary[]) => {
  const sum = (pick: (r: DailySummary) => number | null): number | null =>
    rows.reduce<number | null>((n, r) => {
      const v = pick(r);
      return v === null ? n : (n ?? 0) + v;
    }, null);
  return {
    days: new Set(rows.map((r) => r.day)).size,
    pickups: sum((r) => r.pickups) ?? 0,
    loads: sum((r) => r.loads) ?? 0,
    expiries: sum((r) => r.expiries),
    alarms: sum((r) => r.alarms) ?? 0,
    excursions: sum((r) => r.excursions),
    uptimeMinutes: sum((r) => r.uptimeMinutes),
    /** station-days that reported an uptime: the uptime share is uptimeMinutes / (this × 1440) */
    uptimeDays: rows.filter((r) => r.uptimeMinutes !== null).length,
  };
};
