import type { ColdChainView, StationDetail, TemperaturePoint } from '../store/fleet-store.js';

/** The columns, in order; documented in the OpenAPI description of the export. */
export const HACCP_COLUMNS = [
  'row_type',
  'station_id',
  'compartment',
  'zone',
  'probe_id',
  'from',
  'to',
  'samples',
  'min_c',
  'avg_c',
  'max_c',
  'limit_c',
  'minutes_above_limit',
  'minutes_unknown',
  'breached',
  'order_id',
  'parcel_id',
  'record_kind',
] as const;

export type Cell = string | number | boolean | null | undefined;

/** RFC 4180: quote cells with separators, quotes or line breaks; neutralise spreadsheet formulas. */
export const cell = (v: Cell): string => {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Every row has every column, so spreadsheets and parsers see a rectangle. */
const line = (cells: readonly Cell[]): string =>
  `${Array.from({ length: HACCP_COLUMNS.length }, (_, i) => cell(cells[i])).join(',')}\r\n`;

/**
 * The HACCP log of one station for a period: a row per temperature bucket and probe (`sample`) and a
 * row per cold-chain record (`record`), ordered by time.
 */
export const haccpCsv = (
  station: StationDetail,
  points: readonly TemperaturePoint[],
  records: readonly ColdChainView[],
  bucketSeconds: number,
): string => {
  const zoneOf = new Map(station.compartments.map((c) => [c.no, c.zone]));
  const rows: { at: string; cells: Cell[] }[] = [];
  for (const p of points) {
    const to = new Date(Date.parse(p.at) + bucketSeconds * 1000).toISOString();
    rows.push({
      at: p.at,
      cells: [
        'sample',
        station.stationId,
        p.compartment,
        p.compartment === null ? '' : (zoneOf.get(p.compartment) ?? ''),
        p.probeId,
        p.at,
        to,
        p.samples,
        p.minCelsius,
        p.avgCelsius,
        p.maxCelsius,
      ],
    });
  }
  for (const r of records) {
    rows.push({
      at: r.from,
      cells: [
        'record',
        r.stationId,
        r.compartment,
        r.zone,
        '',
        r.from,
        r.to,
        r.samples,
        r.minCelsius,
        '',
        r.maxCelsius,
        r.limitCelsius,
        r.minutesAboveLimit,
        r.minutesUnknown,
        r.breached,
        r.orderId,
        r.parcelId,
        r.kind,
      ],
    });
  }
  rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return line(HACCP_COLUMNS) + rows.map((r) => line(r.cells)).join('');
};
