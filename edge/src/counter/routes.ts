import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PlaceConfig, StaffMember } from '../config/counter.js';
import { DomainError } from '../domain/errors.js';
import { sendProblem } from '../kiosk/problem.js';
import type { KioskRoutes } from '../kiosk/server.js';
import { loadPublicFiles, registerPublicFiles } from '../kiosk/static-files.js';
import type { CounterDesk } from '../station/counter-desk.js';
import type { StaffLogins } from './staff-logins.js';

export const COUNTER_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const COOKIE = 'regiobox_staff';

export interface CounterPageDeps {
  readonly desk: CounterDesk;
  readonly logins: StaffLogins;
  readonly places: readonly (PlaceConfig & { zone: string })[];
  readonly stationName: string;
  /** a place's temperature now (its first probe's latest good reading), null when unknown */
  readonly celsiusOf: (place: number) => number | null;
  readonly logger: Logger;
  readonly sessionMinutes: number;
}

const Login = z.strictObject({ staff: z.string().min(1).max(32), password: z.string().min(1).max(200) });
const Code = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces and dashes only'),
  source: z.enum(['keypad', 'scanner']),
});
const HandOver = z.strictObject({ ticket: z.string().min(1).max(64), parcelId: z.string().min(1).max(64) });
const Book = HandOver.extend({ place: z.number().int().min(1).max(999) });

const tokenOf = (request: FastifyRequest): string | undefined => {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
};

const parse = <T>(schema: z.ZodType<T>, request: FastifyRequest, reply: FastifyReply): T | null => {
  const parsed = schema.safeParse(request.body);
  if (parsed.success) return parsed.data;
  // never the input: it may hold a code or a password
  sendProblem(
    reply,
    'INVALID_BODY',
    parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  );
  return null;
};

const refused = (reply: FastifyReply, status: number, code: string, message: string, extra: object = {}) =>
  reply.code(status).send({ ok: false, code, message, ...extra });

/**
 * The counter's staff page at /counter/ on the station's local server: staff log in, type or scan a
 * customer's PIN or QR token, see each parcel and its place, and confirm the hand-over parcel by
 * parcel; a producer's delivery is booked with the loading code into the place staff choose.
 */
export const counterRoutes =
  (deps: CounterPageDeps): KioskRoutes =>
  (app: FastifyInstance) => {
    registerPublicFiles(app, loadPublicFiles(COUNTER_PUBLIC_DIR), '/counter');
    app.get('/counter', (_request, reply) => reply.redirect('/counter/'));

    const staffOf = (request: FastifyRequest, reply: FastifyReply): StaffMember | null => {
      const staff = deps.logins.whoIs(tokenOf(request));
      if (!staff) refused(reply, 401, 'NOT_LOGGED_IN', 'Please log in.');
      return staff;
    };
    const acting = async (reply: FastifyReply, act: () => unknown) => {
      try {
        return reply.send({ ok: true, ...(act() as object) });
      } catch (err) {
        if (err instanceof DomainError) return refused(reply, 409, err.code, err.message);
        throw err;
      }
    };

    app.post('/counter/api/login', async (request, reply) => {
      const body = parse(Login, request, reply);
      if (!body) return reply;
      const result = await deps.logins.login(body.staff, body.password, request.ip);
      if (!result.ok) {
        deps.logger.warn({ staff: body.staff, reason: result.reason }, 'staff login refused');
        if (result.reason === 'THROTTLED') {
          reply.header('retry-after', Math.ceil(result.retryAfterMs / 1000));
          return refused(reply, 429, 'THROTTLED', 'Too many wrong passwords. Please wait.', {
            retryAfterMs: result.retryAfterMs,
          });
        }
        return refused(reply, 401, 'WRONG_LOGIN', 'Name or password is wrong.');
      }
      deps.logger.info({ staff: result.staff.id }, 'staff logged in');
      return reply
        .header(
          'set-cookie',
          `${COOKIE}=${result.token}; Path=/counter; HttpOnly; SameSite=Strict; Max-Age=${deps.sessionMinutes * 60}`,
        )
        .send({ ok: true, staff: { id: result.staff.id, name: result.staff.name } });
    });

    app.post('/counter/api/logout', async (request, reply) => {
      deps.logins.logout(tokenOf(request));
      return reply
        .header('set-cookie', `${COOKIE}=; Path=/counter; HttpOnly; SameSite=Strict; Max-Age=0`)
        .send({ ok: true });
    });

    app.get('/counter/api/me', async (request, reply) => {
      const staff = staffOf(request, reply);
      if (!staff) return reply;
      return reply.header('cache-control', 'no-store').send({
        ok: true,
        staff: { id: staff.id, name: staff.name },
        station: deps.stationName,
        places: deps.places.map((p) => ({
          no: p.no,
          type: p.type,
          name: p.name,
          zone: p.zone,
          celsius: deps.celsiusOf(p.no),
        })),
      });
    });

    app.post('/counter/api/code', async (request, reply) => {
      const staff = staffOf(request, reply);
      if (!staff) return reply;
      const body = parse(Code, request, reply);
      if (!body) return reply;
      const result = deps.desk.lookUp(body.code, body.source, staff.id);
      // what happened, never the code
      deps.logger.info(
        {
          staff: staff.id,
          ok: result.ok,
          ...(result.ok ? { purpose: result.purpose } : { reason: result.reason }),
        },
        'code at the counter',
      );
      return reply.send(result);
    });

    app.post('/counter/api/hand-over', async (request, reply) => {
      const staff = staffOf(request, reply);
      if (!staff) return reply;
      const body = parse(HandOver, request, reply);
      if (!body) return reply;
      return acting(reply, () => deps.desk.handOver(body.ticket, body.parcelId, staff.id));
    });

    app.post('/counter/api/book', async (request, reply) => {
      const staff = staffOf(request, reply);
      if (!staff) return reply;
      const body = parse(Book, request, reply);
      if (!body) return reply;
      return acting(reply, () => deps.desk.book(body.ticket, body.parcelId, body.place, staff.id));
    });
  };
