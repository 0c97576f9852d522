import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { DashboardError, sendProblem } from './errors.js';
import { originOf, type TrustedProxies } from './forwarded.js';
import { rememberView, viewOf } from './request-view.js';
import type { Session, SessionTokens } from './session.js';

export const DASHBOARD_PREFIX = '/dashboard';
export const LOGIN_PATH = `${DASHBOARD_PREFIX}/login`;

/**
 * True for every path the dashboard serves. The marketplace API's key check must let these through:
 * the dashboard checks its own session on each of them (pages, JSON, stream) except the login form.
 */
export const isDashboardPath = (url: string): boolean => {
  const path = url.split('?')[0] ?? '';
  return path === DASHBOARD_PREFIX || path.startsWith(`${DASHBOARD_PREFIX}/`);
};

const sessions = new WeakMap<FastifyRequest, Session>();

/** The operator's session of a request that passed the guard. */
export const sessionOf = (request: FastifyRequest): Session => {
  const session = sessions.get(request);
  if (!session) throw new DashboardError('UNAUTHENTICATED', 'log in first');
  return session;
};

export const currentSession = (request: FastifyRequest, tokens: SessionTokens): Session | undefined =>
  tokens.verify(readCookie(request.headers.cookie, SESSION_COOKIE));

const sameOrigin = (request: FastifyRequest): boolean => {
  const origin = request.headers.origin;
  // Browsers send Origin on every cross-site POST; requests without it come from no other site's page.
  return origin === undefined || origin === originOf(viewOf(request));
};

/** `next` for the login form: only a path inside the dashboard, never another site. */
export const safeNext = (next: unknown): string => {
  if (typeof next !== 'string' || !isDashboardPath(next) || next.startsWith(LOGIN_PATH))
    return DASHBOARD_PREFIX;
  return /^\/dashboard[A-Za-z0-9\-._~%/?=&]*$/.test(next) ? next : DASHBOARD_PREFIX;
};

const refuse = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  if (request.url.startsWith(`${DASHBOARD_PREFIX}/api/`)) {
    return sendProblem(reply, new DashboardError('UNAUTHENTICATED', 'log in at /dashboard/login first'));
  }
  const back = request.method === 'GET' ? `?next=${encodeURIComponent(safeNext(request.url))}` : '';
  return reply.header('cache-control', 'no-store').redirect(`${LOGIN_PATH}${back}`, 303);
};

/**
 * Every dashboard request needs a valid session, except the routes in `open` (the login form and
 * its stylesheet). Unsafe methods must also come from the dashboard's own origin.
 */
export const installGuard = (
  scope: FastifyInstance,
  tokens: SessionTokens,
  open: ReadonlySet<string>,
  proxies: TrustedProxies,
): void => {
  scope.addHook('onRequest', async (request, reply) => {
    rememberView(request, proxies);
    if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request)) {
      return sendProblem(reply, new DashboardError('FORBIDDEN_ORIGIN', 'request from another site refused'));
    }
    if (request.routeOptions.url !== undefined && open.has(request.routeOptions.url)) return;
    const session = currentSession(request, tokens);
    if (!session) return refuse(request, reply);
    sessions.set(request, session);
  });
};
