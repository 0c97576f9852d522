import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

export type DashboardErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN_ORIGIN'
  | 'INVALID_REQUEST'
  | 'UNKNOWN_STATION'
  | 'UNKNOWN_ALARM'
  | 'ALREADY_ACKNOWLEDGED'
  | 'ALARM_CLEARED_UNACKNOWLEDGED'
  | 'STATION_REFUSED'
  | 'FORBIDDEN_ROLE'
  | 'RATE_LIMITED'
  | 'UNKNOWN_ORDER'
  | 'UNKNOWN_PARCEL'
  | 'UNKNOWN_COMPARTMENT'
  | 'PARCEL_NOT_HELD'
  | 'STATION_NOT_ANSWERING'
  | 'NOT_FOUND';

const STATUS: Record<DashboardErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN_ORIGIN: 403,
  INVALID_REQUEST: 400,
  UNKNOWN_STATION: 404,
  UNKNOWN_ALARM: 404,
  ALREADY_ACKNOWLEDGED: 409,
  ALARM_CLEARED_UNACKNOWLEDGED: 409,
  STATION_REFUSED: 409,
  FORBIDDEN_ROLE: 403,
  RATE_LIMITED: 429,
  UNKNOWN_ORDER: 404,
  UNKNOWN_PARCEL: 404,
  UNKNOWN_COMPARTMENT: 404,
  PARCEL_NOT_HELD: 409,
  STATION_NOT_ANSWERING: 503,
  NOT_FOUND: 404,
};

/** A refusal the dashboard's pages show as it is: `message` is written for the operator. */
export class DashboardError extends Error {
  readonly status: number;

  constructor(
    readonly code: DashboardErrorCode,
    message: string,
    /** the station's own reply code when it refused (e.g. THAWED_NOT_RELEASABLE_AS_FROZEN) */
    readonly stationCode?: string,
  ) {
    super(message);
    this.name = 'DashboardError';
    this.status = STATUS[code];
  }
}

/** Problem details (RFC 9457), the same shape the marketplace API answers with. */
export const sendProblem = (reply: FastifyReply, err: DashboardError): FastifyReply =>
  reply
    .code(err.status)
    .type('application/problem+json')
    .send({
      type: `urn:regiobox:problem:${err.code.toLowerCase().replaceAll('_', '-')}`,
      title: err.code,
      status: err.status,
      detail: err.message,
      code: err.code,
      ...(err.stationCode ? { stationCode: err.stationCode } : {}),
    });

/** Parses request input; a mismatch becomes a 400 that names the field. */
export const parseInput = <S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [where, ...(issue?.path.map(String) ?? [])].join('.');
  throw new DashboardError('INVALID_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`);
};
