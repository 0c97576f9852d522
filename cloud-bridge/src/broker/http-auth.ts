import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { StationRegistry } from '../registry/index.js';
import { isValidServiceUsername } from '../registry/index.js';
import { clientIdBelongsTo } from './client-id.js';
import { type BrokerIdentity, type Decision, mayPublish, maySubscribe } from './policy.js';

export const BROKER_AUTH_PATHS = {
  authenticate: '/v1/broker/authenticate',
  authorize: '/v1/broker/authorize',
} as const;

const Text = z.string().max(1024);
const AuthenticateBody = z.object({ username: Text, password: Text, clientid: Text }).strict();
const AuthorizeBody = z
  .object({
    username: Text,
    clientid: Text.optional(),
    topic: Text,
    action: z.enum(['publish', 'subscribe', 'all']),
    // EMQX fills ${retain} in as text
    retain: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  })
  .strict();

type Answer = { result: 'allow' | 'deny'; is_superuser?: false };
const allow: Answer = { result: 'allow', is_superuser: false };
const deny: Answer = { result: 'deny' };

/** `$share/<group>/<topic>` is decided as `<topic>`: sharing changes who receives, not what. */
const withoutShare = (topic: string): string => topic.replace(/^\$share\/[^/]+\//, '');

export type BrokerAuthRegistry = Pick<
  StationRegistry,
  'authenticateStation' | 'verifyServiceUser' | 'hasStation'
>;

/**
 * The embedded broker's login and topic rules as HTTP endpoints, for an external broker that asks
 * over HTTP (EMQX 5's HTTP authentication and authorization; deploy/emqx/README.md). Behind an API
 * key like the rest of /v1; a refused login or topic is `{"result":"deny"}` with status 200, as EMQX
 * expects, and a malformed request 400.
 */
export const brokerAuthRoutes = (
  app: FastifyInstance,
  registry: BrokerAuthRegistry,
  logger: Logger,
): void => {
  const log = logger.child({ component: 'broker-auth' });
  const isRegistered = (name: string) => registry.hasStation(name) || isValidServiceUsername(name);

  app.post(BROKER_AUTH_PATHS.authenticate, async (request, reply) => {
    const body = AuthenticateBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ result: 'deny', error: 'username, password, clientid' });
    const { username, password, clientid } = body.data;
    const ok = isValidServiceUsername(username)
      ? await registry.verifyServiceUser(username, password)
      : (await registry.authenticateStation(username, password)) !== undefined;
    if (!ok) {
      log.warn({ username, clientId: clientid, reason: 'bad username or password' }, 'broker login refused');
      return deny;
    }
    if (!clientIdBelongsTo(clientid, username, isRegistered)) {
      log.warn(
        { username, clientId: clientid, reason: 'client id of another login' },
        'broker login refused',
      );
      return deny;
    }
    return allow;
  });

  app.post(BROKER_AUTH_PATHS.authorize, async (request, reply) => {
    const body = AuthorizeBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ result: 'deny', error: 'username, topic, action' });
    const { username, topic, action } = body.data;
    const who: BrokerIdentity | undefined = registry.hasStation(username)
      ? { kind: 'station', stationId: username }
      : isValidServiceUsername(username)
        ? { kind: 'service', username }
        : undefined;
    if (!who) return deny;
    const retain = body.data.retain === true || body.data.retain === 'true';
    const decisions: Decision[] = [];
    if (action !== 'subscribe') decisions.push(mayPublish(who, topic, retain));
    if (action !== 'publish') decisions.push(maySubscribe(who, withoutShare(topic)));
    const refused = decisions.find((d) => !d.allowed);
    if (refused && !refused.allowed) {
      log.warn({ username, topic, action, reason: refused.reason }, 'broker topic refused');
      return deny;
    }
    return allow;
  });
};
