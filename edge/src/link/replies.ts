import { REPLY_SECRET_KEYS, ReplyErrorCode, type ReplyMessage } from '@regiobox/contract';

export interface ReplyError {
  readonly code: ReplyErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export const okReply = (
  stationId: string,
  commandId: string,
  at: Date,
  result: Record<string, unknown>,
): ReplyMessage => ({ v: 1, commandId, stationId, at: at.toISOString(), ok: true, result });

export const errorReply = (
  stationId: string,
  commandId: string,
  at: Date,
  error: ReplyError,
): ReplyMessage => ({
  v: 1,
  commandId,
  stationId,
  at: at.toISOString(),
  ok: false,
  error: {
    code: error.code,
    message: error.message,
    ...(error.details !== undefined ? { details: error.details } : {}),
  },
});

/**
 * A handler's failure as the marketplace sees it: errors with a contract code keep their code and
 * message (domain messages are written for people); anything else is INTERNAL with no internals.
 */
export const replyErrorFor = (error: unknown): ReplyError => {
  if (error instanceof Error && 'code' in error) {
    const code = ReplyErrorCode.safeParse(error.code);
    if (code.success && code.data !== 'INTERNAL') {
      const details = 'details' in error && error.details !== undefined ? { details: error.details } : {};
      return { code: code.data, message: error.message, ...details };
    }
  }
  return { code: 'INTERNAL', message: 'internal error; the station logged it' };
};

/** Blanks every clear code in a reply, so that the stored copy of a delivered reply holds none. */
export const redactSecrets = <T>(value: T): T => redact(value) as T;

const redact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      REPLY_SECRET_KEYS.has(k) && typeof v === 'string' ? '' : redact(v),
    ]),
  );
};
