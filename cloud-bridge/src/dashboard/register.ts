import type { FastifyInstance } from 'fastify';
import { type Clock, systemClock } from '../clock.js';
import type { HttpPlugin } from '../http/server.js';
import type { CommandOutcome } from '../marketplace/outcome.js';
import type { FleetStore } from '../store/fleet-store.js';
import { accessFor } from './access.js';
import { registerActionRoutes } from './action-routes.js';
import { type StationActions, stationActions } from './actions.js';
import { type AckAlarm, type AckOutcome, registerApiRoutes } from './api-routes.js';
import type { DashboardConfig } from './config.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { registerDaysRoutes } from './days-routes.js';
import { DashboardError, sendProblem } from './errors.js';
import { AlarmEscalation } from './escalation.js';
import { TrustedProxies } from './forwarded.js';
import { DASHBOARD_PREFIX, installGuard, sessionOf } from './guard.js';
import { type FleetChangeSource, LiveFeed } from './live-feed.js';
import { registerLoginRoutes } from './login-routes.js';
import { LoginThrottle } from './login-throttle.js';
import { Operators } from './operators.js';
import { loadPublicFiles, registerPages, SECURITY_HEADERS } from './pages.js';
import { ServiceOpenLimit } from './service-open-limit.js';
import { SessionTokens } from './session.js';
import { registerTourRoutes } from './tour-routes.js';

export interface DashboardOptions {
  readonly config: DashboardConfig;
  readonly store: FleetStore;
  /** the ingest's change notifier (`FleetChanges`); drives the live updates */
  readonly changes: FleetChangeSource;
  readonly ackAlarm: AckAlarm;
  /** the other buttons' command paths; without them only acknowledgements are offered */
  readonly actions?: StationActions;
  readonly clock?: Clock;
  /** for tests: another folder with the pages */
  readonly publicDir?: string;
  /** width of the stored temperature buckets (`history.bucketSeconds`); default 300 */
  readonly historyBucketSeconds?: number;
  /** SSE heartbeat; also how soon an ended session's stream is closed. Default 15 s. */
  readonly heartbeatMs?: number;
  /** how often open alarms are checked for escalation; default 5 s */
  readonly escalationSweepMs?: number;
}

/** What a browser may reach without a session: only the login form and its two stylesheets. */
const OPEN_ROUTES = new Set(
  ['/login', '/assets/base.css', '/assets/login.css'].map((path) => `${DASHBOARD_PREFIX}${path}`),
);

/**
 * Mounts the operators' dashboard under `/dashboard` on the bridge's HTTP server. Everything in it
 * needs an operator session (cookie) — the marketplace API's key check must skip these paths (see
 * `isDashboardPath`).
 */
export const registerDashboard = async (app: FastifyInstance, o: DashboardOptions): Promise<void> => {
  const clock = o.clock ?? systemClock;
  const operators = new Operators(o.config.operators);
  const sessionMs = o.config.sessionHours * 3_600_000;
  const tokens = new SessionTokens({
    operators,
    clock,
    lifetimeMs: sessionMs,
    ...(o.config.sessionSecret ? { secret: o.config.sessionSecret } : {}),
  });
  const files = loadPublicFiles(o.publicDir);
  const loginPage = files.pages.get('login.html');
  if (!loginPage) throw new Error('dashboard login page missing');
  const labels = o.config.stationLabels;
  const logger = app.log.child({ component: 'dashboard' });
  if (operators.size === 0) logger.warn('no dashboard operators configured: nobody can log in');
  const accessOf = (request: Parameters<typeof sessionOf>[0]) =>
    accessFor(o.config, sessionOf(request).operator);
  const feed = new LiveFeed({
    store: o.store,
    changes: o.changes,
    tokens,
    labels,
    logger,
    ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}),
  });

  const escalation = o.config.escalation
    ? new AlarmEscalation({
        config: o.config.escalation,
        store: o.store,
        clock,
        labels,
        logger,
        ...(o.escalationSweepMs ? { sweepMs: o.escalationSweepMs } : {}),
      })
    : undefined;
  feed.start();
  escalation?.start();
  await app.register(
    async (scope) => {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 4096 },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.headers(SECURITY_HEADERS);
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        return payload;
      });
      scope.setErrorHandler((err, request, reply) => {
        if (err instanceof DashboardError) return sendProblem(reply, err);
        const status = (err as { statusCode?: number }).statusCode ?? 500;
        if (status < 500)
          return sendProblem(reply, new DashboardError('INVALID_REQUEST', (err as Error).message));
        request.log.error({ err }, 'dashboard request failed');
        return reply
          .code(500)
          .type('application/problem+json')
          .send({ status: 500, code: 'INTERNAL', detail: 'the dashboard failed' });
      });
      scope.setNotFoundHandler((request, reply) =>
        sendProblem(reply, new DashboardError('NOT_FOUND', `no page ${request.url.split('?')[0]}`)),
      );
      installGuard(scope, tokens, OPEN_ROUTES, new TrustedProxies(o.config.trustedProxies));
      registerLoginRoutes(scope, {
        operators,
        tokens,
        throttle: new LoginThrottle({
          clock,
          maxFailures: o.config.maxFailedLogins,
          maxFailuresPerAddress: o.config.maxFailedLoginsPerAddress,
          windowMs: o.config.failedLoginWindowSeconds * 1000,
        }),
        secureCookie: o.config.secureCookie,
        sessionSeconds: sessionMs / 1000,
        loginPage,
        logger,
      });
      registerPages(scope, files);
      registerApiRoutes(scope, {
        store: o.store,
        ackAlarm: o.ackAlarm,
        accessOf,
        clock,
        labels,
        historyBucketSeconds: o.historyBucketSeconds ?? 300,
      });
      registerTourRoutes(scope, { store: o.store, accessOf, clock, labels });
      registerDaysRoutes(scope, {
        store: o.store,
        accessOf,
        clock,
        labels,
        stationGroups: o.config.stationGroups,
      });
      if (o.actions)
        registerActionRoutes(scope, {
          store: o.store,
          actions: o.actions,
          accessOf,
          serviceOpens: new ServiceOpenLimit({
            clock,
            perWindow: o.config.serviceOpensPerWindow,
            windowMs: o.config.serviceOpenWindowMinutes * 60_000,
          }),
        });
      scope.get('/api/stream', (request, reply) => {
        const token = readCookie(request.headers.cookie, SESSION_COOKIE) ?? '';
        feed.attach(request, reply, token, accessOf(request));
      });
      // Open streams would keep the server from closing.
      scope.addHook('preClose', async () => feed.close());
      scope.addHook('onClose', async () => escalation?.stop());
    },
    { prefix: DASHBOARD_PREFIX },
  );
};

/**
 * The dashboard as a plugin of the bridge's HTTP server: the store, the clock and the ack path come
 * from the API context (`StationCommands.ackAlarm`), the change notifier from the composition root.
 */
export const dashboardPlugin =
  (o: { readonly config: DashboardConfig; readonly changes: FleetChangeSource }): HttpPlugin =>
  (app, ctx) =>
    registerDashboard(app, {
      config: o.config,
      changes: o.changes,
      store: ctx.store,
      clock: ctx.clock,
      historyBucketSeconds: ctx.historyBucketSeconds,
      actions: stationActions(ctx.stationCommands),
      ackAlarm: async (alarmId, by, note, stationId) =>
        ackOutcome(await ctx.stationCommands.ackAlarm(alarmId, by, note, stationId)),
    });

export const ackOutcome = (o: CommandOutcome): AckOutcome => {
  switch (o.kind) {
    case 'refused':
      return { kind: 'refused', message: o.error.message };
    case 'queued':
      return { kind: 'queued', commandId: o.record.id, expiresAt: o.record.expiresAt };
    default:
      return { kind: o.kind, commandId: o.record.id };
  }
};
