/**
 * 'standard': comma separator, '.' decimal point — RFC 4180 as LibreOffice, Google Sheets, Excel in
 * English locales and every script read it. 'excel-de': semicolon separator, ',' decimal comma —
 * what Excel in a German locale expects when an operator double-clicks the file; with commas it shows
 * one column, and with a decimal point it turns "4.5" into the 4th of May.
 */
export type CsvDialect = 'standard' | 'excel-de';

export interface CsvOptions {
  readonly dialect?: CsvDialect;
  /** a UTF-8 byte order mark, so that Excel shows °C and umlauts; default on for excel-de only */
  readonly bom?: boolean;
  /** an IANA zone such as 'Europe/Berlin': adds a local-time column next to each UTC time */
  readonly timeZone?: string;
}

/** A cell: text is quoted when needed and guarded against formulas, numbers get the dialect's decimal mark. */
export type Cell = string | number | null;

export const CRLF = '\r\n';
export const BOM = '\uFEFF';

export const separatorOf = (dialect: CsvDialect): string => (dialect === 'excel-de' ? ';' : ',');

/** Up to 4 decimals (probe resolution is 1/16 °C), never exponent notation. */
const formatNumber = (n: number, dialect: CsvDialect): string => {
  if (!Number.isFinite(n)) return '';
  const text = n.toFixed(4).replace(/\.?0+$/, '');
  const plain = text === '-0' ? '0' : text;
  return dialect === 'excel-de' ? plain.replace('.', ',') : plain;
};

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula; a producer name or an operator's
 * note can start that way. A leading apostrophe makes it text (OWASP's advice for CSV injection).
 */
const guardFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const quote = (text: string, separator: string): string =>
  text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

export const formatCell = (cell: Cell, dialect: CsvDialect): string => {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatNumber(cell, dialect);
  return quote(guardFormula(cell), separatorOf(dialect));
};

export const formatLine = (cells: readonly Cell[], dialect: CsvDialect): string =>
  cells.map((c) => formatCell(c, dialect)).join(separatorOf(dialect)) + CRLF;

/** "2026-07-01 14:05:00" in the given zone: a form both English and German Excel read as a date-time. */
export const localTime = (at: Date, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
};
