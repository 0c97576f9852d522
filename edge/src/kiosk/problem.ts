import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { StorageError } from '../store/database.js';
import type { Problem } from './schema.js';

const TITLES: Record<Problem['code'], string> = {
  INVALID_BODY: 'The request body is not a valid code request',
  UNSUPPORTED_MEDIA_TYPE: 'Send application/json',
  NOT_FOUND: 'No such page or endpoint',
  STORAGE_FAULT: 'The station cannot record anything right now',
  INTERNAL: 'The station could not handle the request',
  NOT_A_VAN: 'This station is not a van',
  NO_TOUR: 'The van has no tour',
  UNKNOWN_STOP: 'No such stop on the tour',
  GPS_AVAILABLE: 'GPS has a fix; it decides where the van is',
  WRONG_DRIVER_CODE: 'Wrong driver code',
  NO_DRIVER_CODE: 'No driver code is configured',
  RATE_LIMITED: 'Too many wrong driver codes; wait',
};

const STATUS: Record<Problem['code'], number> = {
  INVALID_BODY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  STORAGE_FAULT: 503,
  INTERNAL: 500,
  NOT_A_VAN: 404,
  NO_TOUR: 409,
  UNKNOWN_STOP: 404,
  GPS_AVAILABLE: 409,
  WRONG_DRIVER_CODE: 403,
  NO_DRIVER_CODE: 403,
  RATE_LIMITED: 429,
};

export const sendProblem = (reply: FastifyReply, code: Problem['code'], detail?: string): FastifyReply => {
  const body: Problem = { type: 'about:blank', title: TITLES[code], status: STATUS[code], code };
  if (detail !== undefined) body.detail = detail;
  return reply.code(body.status).type('application/problem+json').send(body);
};

const isStorageFault = (err: unknown): boolean =>
  err instanceof StorageError || (err instanceof Error && 'code' in err && err.code === 'STORAGE_FAULT');

/**
 * Every failure leaves as problem+json: fastify's own parser errors (bad JSON, wrong content type,
 * body too large) become specific 4xx answers; anything unexpected is logged and answered 500, so a
 * malformed request never takes the kiosk down.
 */
export const installProblemHandlers = (app: FastifyInstance, logger: Logger): void => {
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 'NOT_FOUND'));
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    if (isStorageFault(err)) {
      logger.error({ err }, 'storage fault while handling a kiosk request');
      return sendProblem(reply, 'STORAGE_FAULT');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, 'UNSUPPORTED_MEDIA_TYPE');
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendProblem(reply, 'INVALID_BODY', 'body too large');
    // Parser messages quote the input, which may hold a code: answer with a fixed sentence instead.
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendProblem(reply, 'INVALID_BODY', 'the body is not valid JSON');
    logger.error({ err }, 'kiosk request failed');
    return sendProblem(reply, 'INTERNAL');
  });
};
