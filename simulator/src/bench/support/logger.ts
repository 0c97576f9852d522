import { type Logger, pino } from 'pino';

/**
 * The station logs at info as in production, serialised and written as in production, but to
 * /dev/null: a benchmark's output is its figures, and journald's cost is not ours to measure.
 */
export const benchLogger = (level = 'info'): Logger =>
  pino({ level }, pino.destination({ dest: '/dev/null', sync: true }));
