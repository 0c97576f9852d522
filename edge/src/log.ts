import { type Logger, type LoggerOptions, pino } from 'pino';

/**
 * Fields that may carry a code, a key or a password. pino replaces them wherever they appear at these
 * paths, so a careless `logger.info({ code })` cannot leak a PIN into the journal. A `code` field is
 * also where errors keep their stable code (`err.code`), which must stay readable: see `censor`.
 */
export const REDACTED_PATHS = [
  'code',
  'pin',
  'pickupPin',
  'qrToken',
  'loadingCode',
  'retrievalCode',
  'password',
  'secret',
  'key',
  'commandKey',
  'sig',
  '*.code',
  '*.pin',
  '*.pickupPin',
  '*.qrToken',
  '*.loadingCode',
  '*.password',
  '*.key',
  '*.commandKey',
  'loadingCodes',
  'retrievalCodes',
];

const CODE_FIELD = 'code';
/** `BAD_CRC`, `BOARD_TIMEOUT`, `ENOENT`, `SQLITE_FULL`: an identifier in capitals, never a station code */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
/** MQTT reason codes are one byte; the shortest station code has six digits */
const MAX_NUMERIC_ERROR_CODE = 255;

/**
 * Replaces a redacted value, except an error's code in a `code` field: the station's codes are digits
 * (PINs, loading codes, QR tokens), so an upper-case identifier or a one-byte number there is an
 * error code, and hiding it would hide why something failed. Every other path is always hidden.
 */
export const censor = (value: unknown, path: readonly string[]): unknown => {
  if (path[path.length - 1] !== CODE_FIELD) return '[redacted]';
  if (typeof value === 'string' && ERROR_CODE.test(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_NUMERIC_ERROR_CODE)
    return value;
  return '[redacted]';
};

/** One structured logger per process; components take `logger.child({ component })`. JSON to stdout (journald). */
export const createLogger = (
  options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {},
): Logger => {
  const config: LoggerOptions = {
    name: options.name ?? 'regiobox-edge',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
};

export type { Logger };
