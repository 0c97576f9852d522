import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { isDashboardPath } from '../dashboard/guard.js';
import { BridgeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TenantDirectory } from '../tenants/tenants.js';
import { API } from './api-spec.js';
import { setCaller } from './caller.js';
import type { ApiContext } from './context.js';
import { bridgeStatus, ProblemError, problem } from './problem.js';
import { route } from './route.js';
import { alarmRoutes } from './routes/alarms.js';
import { dailySummaryRoutes } from './routes/daily-summaries.js';
import { orderRoutes } from './routes/orders.js';
import { reservationRoutes } from './routes/reservations.js';
import { stationRoutes } from './routes/stations.js';

/** More routes on the same server; they run behind the same API-key check unless under /dashboard. */
export type HttpPlugin = (app: FastifyInstance, ctx: ApiContext) => void | Promise<void>;

export interface HttpServerOptions {
  /** whose API keys: each key belongs to one tenant */
  readonly tenants: TenantDirectory;
  readonly logger: Logger;
  readonly bodyLimitBytes: number;
  readonly plugins?: readonly HttpPlugin[];
  /** paths reachable without a key; default only /healthz */
  readonly publicPaths?: readonly string[];
}

export const buildHttpServer = async (ctx: ApiContext, o: HttpServerOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    loggerInstance: o.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: o.bodyLimitBytes,
  });
  // JSON only: a form or text body is refused with 415 instead of failing validation obscurely.
  app.removeContentTypeParser(['text/plain']);
  const open = new Set(o.publicPaths ?? [API.health.path]);

  app.addHook('onRequest', async (request) => {
    if (open.has(request.url.split('?')[0] ?? '')) return;
    // The operators' dashboard checks its own session cookie on every route but the login form.
    if (isDashboardPath(request.url)) return;
    const who = o.tenants.identify(request.headers);
    if (!who)
      throw problem(
        401,
        'UNAUTHORIZED',
        'send a valid API key as "Authorization: Bearer <key>" or "X-Api-Key"',
      );
    request.log = request.log.child({ apiKey: who.keyName, tenant: who.caller.tenant });
    setCaller(request, who.caller);
  });

  app.setErrorHandler((err: FastifyError | ProblemError | BridgeError, request, reply) => {
    const p = toProblem(err);
    if (p.body.status >= 500) request.log.error({ err }, 'request failed');
    if (p.body.status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(p.body.status).type('application/problem+json').send(p.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send(problem(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).body),
  );

  route(app, API.health, async () => ({
    status: ctx.mqttConnected() ? 'ok' : 'degraded',
    mqtt: ctx.mqttConnected(),
  }));
  reservationRoutes(app, ctx);
  orderRoutes(app, ctx);
  stationRoutes(app, ctx);
  dailySummaryRoutes(app, ctx);
  alarmRoutes(app, ctx);
  for (const plugin of o.plugins ?? []) await plugin(app, ctx);
  return app;
};

const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
};

const toProblem = (err: FastifyError | ProblemError | BridgeError): ProblemError => {
  if (err instanceof ProblemError) return err;
  if (err instanceof BridgeError) {
    const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
    return problem(bridgeStatus(err.code), err.code, err.message, {
      ...(field ? { errors: [{ field: `body.${field}`, message: err.message }] } : {}),
    });
  }
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 500) return problem(500, 'INTERNAL', 'the bridge failed to handle the request');
  // Fastify's own 4xx: unparsable JSON, body too large, unsupported media type; under stable names.
  return problem(status, FASTIFY_CODES[err.code] ?? err.code ?? 'INVALID_REQUEST', err.message);
};
