import type { ReplyErrorCode } from '@regiobox/contract';
import type { z } from 'zod';
import type { BridgeErrorCode } from '../errors.js';
import type { Problem } from './schemas.js';

export type ProblemBody = z.infer<typeof Problem>;

/** An HTTP error as RFC 9457 problem details; thrown by handlers, rendered by the error handler. */
export class ProblemError extends Error {
  constructor(readonly body: ProblemBody) {
    super(body.detail);
    this.name = 'ProblemError';
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const problem = (
  status: number,
  code: string,
  detail: string,
  extra: Partial<Pick<ProblemBody, 'errors' | 'parcelId'>> = {},
): ProblemError =>
  new ProblemError({
    type: `urn:regiobox:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  });

const BRIDGE_STATUS: Record<BridgeErrorCode, number> = {
  UNKNOWN_STATION: 404,
  UNKNOWN_ORDER: 404,
  UNKNOWN_ALARM: 404,
  UNKNOWN_RESERVATION: 404,
  UNKNOWN_COMPARTMENT: 404,
  UNKNOWN_PARCEL: 404,
  PARCEL_NOT_HELD: 409,
  AMBIGUOUS_ALARM: 409,
  DUPLICATE_ORDER: 409,
  DEADLINE_PASSED: 400,
  NO_COMMAND_KEY: 409,
  CONFIG_INVALID: 500,
  STORE_CLOSED: 503,
};

export const bridgeStatus = (code: BridgeErrorCode): number => BRIDGE_STATUS[code];

/**
 * How a station's refusal reads over HTTP: refusals about the request or the order's state are the
 * caller's (4xx); a station that cannot act is 503; anything else, including codes added to the
 * contract later, is a bad gateway.
 */
const REPLY_STATUS: Partial<Record<ReplyErrorCode, number>> = {
  NO_FREE_COMPARTMENT: 409,
  TENANT_NOT_ADMITTED: 409,
  DUPLICATE_ORDER: 409,
  ILLEGAL_TRANSITION: 409,
  UNKNOWN_ORDER: 404,
  UNKNOWN_COMPARTMENT: 404,
  UNKNOWN_ALARM: 404,
  RATE_LIMITED: 429,
  BOARD_UNREACHABLE: 503,
  STORAGE_FAULT: 503,
  MALFORMED: 502,
  UNAUTHORISED: 502,
  EXPIRED: 502,
  NOT_YET_VALID: 502,
  INTERNAL: 502,
  UNKNOWN_PARCEL: 404,
  INVALID_DEADLINE: 422,
  INVALID_THRESHOLDS: 422,
  COMPARTMENT_BUSY: 409,
  THAWED_NOT_RELEASABLE_AS_FROZEN: 409,
  CODE_SPACE_EXHAUSTED: 503,
  INTERRUPTED: 502,
  NOT_A_VAN: 422,
};

export const stationRefusal = (error: {
  code: ReplyErrorCode;
  message: string;
  details?: unknown;
}): ProblemError => {
  const details = error.details as { parcelId?: unknown } | undefined;
  const parcelId = typeof details?.parcelId === 'string' ? details.parcelId : undefined;
  return problem(REPLY_STATUS[error.code] ?? 502, error.code, `the station refused: ${error.message}`, {
    ...(parcelId ? { parcelId } : {}),
  });
};
