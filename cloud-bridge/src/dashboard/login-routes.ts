import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { clearedSessionCookie, type SecureCookieMode, sessionCookie } from './cookies.js';
import { currentSession, DASHBOARD_PREFIX, LOGIN_PATH, safeNext, sessionOf } from './guard.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Operators } from './operators.js';
import { type PublicFile, renderTemplate } from './pages.js';
import { viewOf } from './request-view.js';
import type { SessionTokens } from './session.js';

export interface LoginDeps {
  readonly operators: Operators;
  readonly tokens: SessionTokens;
  readonly throttle: LoginThrottle;
  readonly secureCookie: SecureCookieMode;
  readonly sessionSeconds: number;
  readonly loginPage: PublicFile;
  readonly logger: FastifyBaseLogger;
}

// Bounded so that nobody makes the bridge run scrypt over megabytes.
const LoginForm = z.object({
  name: z.string().trim().max(64).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2048).optional(),
});

const MESSAGES = {
  none: '',
  wrong: 'Name or password is wrong.',
  throttled: 'Too many failed attempts for this name from this address. Try again in {minutes} min.',
  incomplete: 'Enter your name and password.',
  // Without operators no password can be right; say so, and how to add one, instead of "wrong".
  noOperators:
    'No operator is configured on this bridge, so nobody can log in. Add one: printf \'%s\' "$PASSWORD" | regiobox-bridge operator-hash, then put the name and that hash under dashboard.operators in the bridge config and restart the bridge.',
} as const;

/** The login form (GET), the login itself (POST, form-encoded) and the logout. */
export const registerLoginRoutes = (scope: FastifyInstance, d: LoginDeps): void => {
  const log = d.logger.child({ component: 'dashboard-login' });
  const page = (reply: FastifyReply, status: number, message: string, next: string, name = '') =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .type(d.loginPage.type)
      .send(renderTemplate(d.loginPage, { message, next, name, shown: message ? 'yes' : 'no' }));

  scope.get('/login', (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (currentSession(request, d.tokens))
      return reply.header('cache-control', 'no-store').redirect(next, 303);
    return page(reply, 200, d.operators.size === 0 ? MESSAGES.noOperators : MESSAGES.none, next);
  });

  scope.post('/login', async (request, reply) => {
    const form = LoginForm.safeParse(request.body ?? {});
    if (!form.success) return page(reply, 400, MESSAGES.incomplete, DASHBOARD_PREFIX);
    const { name, password } = form.data;
    const next = safeNext(form.data.next);
    if (d.operators.size === 0) return page(reply, 503, MESSAGES.noOperators, next, name);
    const ip = viewOf(request).ip;
    const waitMs = d.throttle.retryAfterMs(name, ip);
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      const minutes = String(Math.max(1, Math.ceil(waitMs / 60_000)));
      return page(reply, 429, MESSAGES.throttled.replace('{minutes}', minutes), next, name);
    }
    if (!name || !password) return page(reply, 400, MESSAGES.incomplete, next, name);
    const operator = await d.operators.verify(name, password);
    if (!operator) {
      d.throttle.failed(name, ip);
      // The typed name is not logged: people type their password into the name field.
      log.warn({ ip }, 'dashboard login refused');
      return page(reply, 401, MESSAGES.wrong, next, name);
    }
    d.throttle.succeeded(name, ip);
    const { token } = d.tokens.issue(operator);
    log.info({ operator, ip }, 'operator logged in');
    return reply
      .header('set-cookie', sessionCookie(request, d.secureCookie, token, d.sessionSeconds))
      .header('cache-control', 'no-store')
      .redirect(next, 303);
  });

  scope.post('/logout', (request, reply) => {
    const session = sessionOf(request);
    d.tokens.revoke(session);
    log.info({ operator: session.operator }, 'operator logged out');
    return reply
      .header('set-cookie', clearedSessionCookie(request, d.secureCookie))
      .header('cache-control', 'no-store')
      .redirect(LOGIN_PATH, 303);
  });
};
