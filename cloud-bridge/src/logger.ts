import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The one structured logger of the bridge; components take `logger.child({ component })`.
 * Redaction is a safety net only: codes, keys and secrets are never passed to the logger at all.
 */
export const createLogger = (level: LogLevel = 'info'): Logger =>
  pino({
    level,
    base: { service: 'regiobox-bridge' },
    redact: {
      paths: ['*.secret', '*.password', '*.key', '*.pickupPin', '*.loadingCode', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
