import type { ColdChainRecord, Zone } from '@regiobox/contract';
import { BOM, type Cell, type CsvOptions, formatLine, localTime } from './csv.js';
import type { HoldState } from './hold.js';

export type { CsvDialect, CsvOptions } from './csv.js';

/** One probe reading as the station stored it. Layout documented in edge/HACCP.md. */
export interface HaccpSampleRow {
  readonly stationId: string;
  readonly compartment: number | null;
  readonly zone: Zone;
  readonly probeId: string;
  readonly at: Date;
  readonly celsius: number | null;
  readonly status: 'ok' | 'missing' | 'fault';
  /** the zone's limits when the sample was taken */
  readonly upperLimitCelsius: number | null;
  readonly lowerLimitCelsius: number | null;
  /** a van's position when the sample was taken (null without a fresh fix) */
  readonly position?: { readonly lat: number; readonly lon: number } | null;
}

/** One loaded parcel's cold chain, with the hold decision if there was one. */
export interface HaccpParcelRow {
  readonly stationId: string;
  readonly orderId: string;
  readonly parcelId: string;
  readonly record: ColdChainRecord;
  readonly hold: HoldState;
}

const withLocal = (names: readonly string[], options: CsvOptions): string[] =>
  names.flatMap((n) => (n.endsWith('_utc') && options.timeZone ? [n, n.replace(/_utc$/, '_local')] : [n]));

const times = (at: Date | null, options: CsvOptions): Cell[] => {
  const utc = at ? at.toISOString() : null;
  if (!options.timeZone) return [utc];
  return [utc, at ? localTime(at, options.timeZone) : null];
};

export const SAMPLE_COLUMNS = [
  'station',
  'compartment',
  'zone',
  'probe',
  'time_utc',
  'celsius',
  'status',
  'upper_limit_celsius',
  'lower_limit_celsius',
  'within_limits',
] as const;

/** 'yes' / 'no'; empty when there was no reading to judge. */
export const withinLimits = (row: HaccpSampleRow): 'yes' | 'no' | '' => {
  const c = row.celsius;
  if (c === null || row.status !== 'ok') return '';
  const over = row.upperLimitCelsius !== null && c > row.upperLimitCelsius;
  const under = row.lowerLimitCelsius !== null && c < row.lowerLimitCelsius;
  return over || under ? 'no' : 'yes';
};

/** A van's log adds where each sample was taken (WGS84 degrees). */
export const POSITION_COLUMNS = ['latitude', 'longitude'] as const;

/**
 * The sample log line by line (a month of a large wall is millions of rows: stream it). `positions`
 * (a van) adds `latitude` and `longitude`.
 */
export function* sampleCsvLines(
  rows: Iterable<HaccpSampleRow>,
  options: CsvOptions & { readonly positions?: boolean } = {},
): Generator<string> {
  const dialect = options.dialect ?? 'standard';
  const bom = (options.bom ?? dialect === 'excel-de') ? BOM : '';
  const header = [...withLocal(SAMPLE_COLUMNS, options), ...(options.positions ? POSITION_COLUMNS : [])];
  yield bom + formatLine(header, dialect);
  for (const r of rows) {
    const where: Cell[] = options.positions ? [r.position?.lat ?? null, r.position?.lon ?? null] : [];
    yield formatLine(
      [
        r.stationId,
        r.compartment,
        r.zone,
        r.probeId,
        ...times(r.at, options),
        r.celsius,
        r.status,
        r.upperLimitCelsius,
        r.lowerLimitCelsius,
        withinLimits(r),
        ...where,
      ],
      dialect,
    );
  }
}

export const PARCEL_COLUMNS = [
  'station',
  'order',
  'parcel',
  'compartment',
  'zone',
  'loaded_utc',
  'until_utc',
  'samples',
  'min_celsius',
  'max_celsius',
  'upper_limit_celsius',
  'minutes_above_limit',
  'minutes_unknown',
  'breached',
  'hold',
  'hold_reason',
  'decided_by',
  'decided_why',
  'decided_utc',
] as const;

/** The per-parcel log: one row per loaded parcel from loading to pickup (or to now while loaded). */
export function* parcelCsvLines(rows: Iterable<HaccpParcelRow>, options: CsvOptions = {}): Generator<string> {
  const dialect = options.dialect ?? 'standard';
  const bom = (options.bom ?? dialect === 'excel-de') ? BOM : '';
  yield bom + formatLine(withLocal(PARCEL_COLUMNS, options), dialect);
  for (const { stationId, orderId, parcelId, record: rec, hold } of rows) {
    const decided = hold.status === 'released' || hold.status === 'discarded' ? hold : null;
    yield formatLine(
      [
        stationId,
        orderId,
        parcelId,
        rec.compartment,
        rec.zone,
        ...times(new Date(rec.from), options),
        ...times(new Date(rec.to), options),
        rec.samples,
        rec.minCelsius,
        rec.maxCelsius,
        rec.limitCelsius,
        rec.minutesAboveLimit,
        rec.minutesUnknown ?? null,
        rec.breached ? 'yes' : 'no',
        hold.status,
        hold.status === 'none' ? null : hold.reason,
        decided?.by ?? null,
        decided?.why ?? null,
        ...times(decided?.decidedAt ?? null, options),
      ],
      dialect,
    );
  }
}

export const formatSampleCsv = (rows: Iterable<HaccpSampleRow>, options?: CsvOptions): string =>
  [...sampleCsvLines(rows, options)].join('');

export const formatParcelCsv = (rows: Iterable<HaccpParcelRow>, options?: CsvOptions): string =>
  [...parcelCsvLines(rows, options)].join('');
