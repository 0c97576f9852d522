import type { ColdChainRecord } from '@regiobox/contract';
import { describe, expect, it } from 'vitest';
import {
  formatParcelCsv,
  formatSampleCsv,
  type HaccpParcelRow,
  type HaccpSampleRow,
  PARCEL_COLUMNS,
  SAMPLE_COLUMNS,
  sampleCsvLines,
} from './haccp-csv.js';

/**
 * A strict RFC 4180 reader, as a spreadsheet applies it: fields split on the separator, quoted
 * fields may hold separators, quotes ("" inside) and line breaks, records end with CRLF. It
 * throws on anything a strict reader would reject (a stray quote, a bare LF).
 */
const parseCsv = (text: string, sep = ','): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else field += text[i++];
      }
      const next = text[i];
      if (next !== sep && next !== '\r' && next !== undefined)
        throw new Error(`text after a closing quote at ${i}`);
    } else if (ch === sep) {
      endField();
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i += 2;
    } else if (ch === '\n' || ch === '\r' || ch === '"') {
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    } else field += text[i++];
  }
  if (field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
};

const sample = (over: Partial<HaccpSampleRow> = {}): HaccpSampleRow => ({
  stationId: 'dorfladen-1',
  compartment: 3,
  zone: 'chilled',
  probeId: 'p3',
  at: new Date('2026-07-01T12:00:10.000Z'),
  celsius: 4.0625,
  status: 'ok',
  upperLimitCelsius: 7,
  lowerLimitCelsius: 0,
  ...over,
});

const record: ColdChainRecord = {
  compartment: 5,
  zone: 'frozen',
  from: '2026-07-01T08:00:00.000Z',
  to: '2026-07-01T17:30:00.000Z',
  samples: 3420,
  minCelsius: -22.5,
  maxCelsius: -9.25,
  minutesAboveLimit: 61.3,
  minutesUnknown: 0,
  limitCelsius: -18,
  breached: true,
};

describe('HACCP CSV', () => {
  it('one row per sample under a header, parsed back field for field', () => {
    const rows = [
      sample(),
      sample({ at: new Date('2026-07-01T12:00:20.000Z'), celsius: 7.5 }),
      sample({ at: new Date('2026-07-01T12:00:30.000Z'), celsius: null, status: 'missing' }),
      sample({ zone: 'frozen', celsius: -19.9375, upperLimitCelsius: -18, lowerLimitCelsius: null }),
    ];
    const text = formatSampleCsv(rows);
    expect(text.startsWith('\uFEFF')).toBe(false);
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual([...SAMPLE_COLUMNS]);
    expect(parsed.slice(1)).toEqual([
      ['dorfladen-1', '3', 'chilled', 'p3', '2026-07-01T12:00:10.000Z', '4.0625', 'ok', '7', '0', 'yes'],
      ['dorfladen-1', '3', 'chilled', 'p3', '2026-07-01T12:00:20.000Z', '7.5', 'ok', '7', '0', 'no'],
      ['dorfladen-1', '3', 'chilled', 'p3', '2026-07-01T12:00:30.000Z', '', 'missing', '7', '0', ''],
      ['dorfladen-1', '3', 'frozen', 'p3', '2026-07-01T12:00:10.000Z', '-19.9375', 'ok', '-18', '', 'yes'],
    ]);
    // every number parses back as the number it was
    expect(Number(parsed[4]?.[5])).toBe(-19.9375);
  });

  it('German Excel: semicolons, decimal commas and a BOM, so that 4.5 does not become the 4th of May', () => {
    const text = formatSampleCsv([sample({ celsius: 4.5 })], { dialect: 'excel-de' });
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(text.slice(1), ';');
    expect(parsed[1]?.[5]).toBe('4,5');
    expect(parsed[1]).toHaveLength(SAMPLE_COLUMNS.length);
  });

  it('quotes separators, quotes and line breaks, and defuses formulas in free text', () => {
    const row: HaccpParcelRow = {
      stationId: 'dorfladen-1',
      orderId: 'A-17, "Hofkäse"',
      parcelId: '=HYPERLINK("http://evil")',
      record,
      hold: {
        status: 'discarded',
        reason: 'thawed',
        heldAt: new Date('2026-07-01T12:00:00Z'),
        decidedAt: new Date('2026-07-01T13:00:00Z'),
        by: '@operator anna',
        why: 'thawed;\r\nsoft to the touch',
      },
    };
    for (const dialect of ['standard', 'excel-de'] as const) {
      const text = formatParcelCsv([row], { dialect });
      const parsed = parseCsv(text.replace(/^\uFEFF/, ''), dialect === 'excel-de' ? ';' : ',');
      expect(parsed).toHaveLength(2);
      const cells = Object.fromEntries(PARCEL_COLUMNS.map((c, i) => [c, parsed[1]?.[i]]));
      expect(cells).toMatchObject({
        order: 'A-17, "Hofkäse"',
        parcel: `'=HYPERLINK("http://evil")`,
        decided_by: `'@operator anna`,
        decided_why: 'thawed;\r\nsoft to the touch',
        hold: 'discarded',
        hold_reason: 'thawed',
        breached: 'yes',
        decided_utc: '2026-07-01T13:00:00.000Z',
      });
      expect(cells.min_celsius).toBe(dialect === 'excel-de' ? '-22,5' : '-22.5');
    }
  });

  it('one row per parcel, with a local-time column next to each UTC time when asked', () => {
    const text = formatParcelCsv(
      [{ stationId: 's', orderId: 'o', parcelId: 'p', record, hold: { status: 'none' } }],
      { timeZone: 'Europe/Berlin' },
    );
    const [header, row] = parseCsv(text);
    expect(header).toContain('loaded_local');
    const cells = Object.fromEntries((header ?? []).map((c, i) => [c, row?.[i]]));
    expect(cells).toMatchObject({
      loaded_utc: '2026-07-01T08:00:00.000Z',
      loaded_local: '2026-07-01 10:00:00', // CEST
      until_local: '2026-07-01 19:30:00',
      minutes_above_limit: '61.3',
      hold: 'none',
      hold_reason: '',
      decided_utc: '',
      decided_local: '',
    });
  });

  it('streams line by line: the joined lines are the whole file', () => {
    const rows = Array.from({ length: 1000 }, (_, i) =>
      sample({ at: new Date(Date.UTC(2026, 6, 1, 0, 0, i * 10)) }),
    );
    const lines = [...sampleCsvLines(rows)];
    expect(lines).toHaveLength(1001);
    expect(lines.join('')).toBe(formatSampleCsv(rows));
    expect(parseCsv(lines.join(''))).toHaveLength(1001);
  });
});
