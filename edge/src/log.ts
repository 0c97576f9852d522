import { type Logger, type LoggerOptions, pino } from 'pino';

/**
 * Fields that may carry a code, a key or a password. pino replaces them wherever they appear at these
 * paths, so a careless `logger.info({ code })` cannot leak a PIN into the journal.
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

/** One structured logger per process; components take `logger.child({ component })`. JSON to stdout (journald). */
export const createLogger = (
  options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {},
): Logger => {
  const config: LoggerOptions = {
    name: options.name ?? 'regiobox-edge',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
};

export type { Logger };
