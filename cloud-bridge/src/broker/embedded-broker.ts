import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import type { ServiceCredentials, StationRegistry } from '../registry/index.js';
import { DEFAULT_SERVICE_USERNAME, isValidServiceUsername } from '../registry/index.js';
import { clientIdBelongsTo } from './client-id.js';
import { type DeliveryBacklog, deliveryBacklog, guardEmitterRecursion } from './emitter-guard.js';
import { type BrokerLimits, DEFAULT_BROKER_LIMITS } from './limits.js';
import { listenForMqtt } from './listener.js';
import { type BrokerIdentity, type Decision, mayPublish, maySubscribe } from './policy.js';

/** The part of the registry the broker needs. */
export type BrokerRegistry = Pick<StationRegistry, 'authenticateStation' | 'secretGeneration' | 'hasStation'>;

export interface EmbeddedBrokerOptions {
  /** default 127.0.0.1: the broker is reachable from outside only when configured so */
  readonly host?: string;
  /** 0 (default) picks a free port */
  readonly port?: number;
  readonly tls?: { readonly keyFile: string; readonly certFile: string };
  readonly registry: BrokerRegistry;
  /** the bridge's own login; its username must contain "_" (see isValidServiceUsername) */
  readonly serviceCredentials: ServiceCredentials;
  readonly logger: Logger;
  readonly limits?: Partial<BrokerLimits>;
}

export interface EmbeddedBroker {
  /** `mqtt://host:port` or `mqtts://host:port` */
  readonly url: string;
  readonly port: number;
  /** disconnects every client and stops listening */
  close(): Promise<void>;
  /** number of connected (authenticated) clients */
  clients(): number;
  /** deliveries under way and messages waiting for a delivery slot (`limits.concurrency`) */
  deliveryBacklog(): DeliveryBacklog;
}

export class BrokerConfigError extends Error {
  readonly code = 'BROKER_CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'BrokerConfigError';
  }
}

/** Fresh random credentials for the bridge's own connection to an embedded broker it starts itself. */
export const ephemeralServiceCredentials = (username = DEFAULT_SERVICE_USERNAME): ServiceCredentials => ({
  username,
  password: randomBytes(24).toString('base64url'),
});

interface Session {
  readonly identity: BrokerIdentity;
  /** the station's secret generation at login; a different one now means rotated or removed */
  readonly generation?: number;
}

const authError = (returnCode: 2 | 4 | 5, message: string): AuthenticateError =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export const startEmbeddedBroker = async (options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> => {
  const limits = { ...DEFAULT_BROKER_LIMITS, ...options.limits };
  const { registry, serviceCredentials } = options;
  if (!isValidServiceUsername(serviceCredentials.username)) {
    throw new BrokerConfigError(`"${serviceCredentials.username}" is not a valid service username`);
  }
  const log = options.logger.child({ component: 'broker' });
  const sessions = new WeakMap<Client, Session>();
  const serviceDigest = digest(serviceCredentials.password);
  const isRegisteredUsername = (name: string) =>
    name === serviceCredentials.username || registry.hasStation(name);

  const identify = async (username: string, password: string): Promise<Session | undefined> => {
    if (username === serviceCredentials.username) {
      return timingSafeEqual(digest(password), serviceDigest)
        ? { identity: { kind: 'service', username } }
        : undefined;
    }
    const ok = await registry.authenticateStation(username, password);
    return ok ? { identity: { kind: 'station', stationId: username }, generation: ok.generation } : undefined;
  };

  /** A rotated or removed station keeps its TCP connection until it next publishes or subscribes. */
  const stillValid = (session: Session): boolean =>
    session.identity.kind === 'service' ||
    registry.secretGeneration(session.identity.stationId) === session.generation;

  const decide = (client: Client | null, check: (who: BrokerIdentity) => Decision): Decision => {
    const session = client ? sessions.get(client) : undefined;
    if (!session) return { allowed: false, reason: 'no authenticated session' };
    if (!stillValid(session)) return { allowed: false, reason: 'credentials rotated or station removed' };
    return check(session.identity);
  };

  const broker = await Aedes.createBroker({
    drainTimeout: limits.drainTimeoutMs,
    connectTimeout: limits.connectTimeoutMs,
    keepaliveLimit: limits.keepaliveLimitS,
    maxTopicLevels: limits.maxTopicLevels,
    queueLimit: limits.queueLimit,
    concurrency: limits.concurrency,
    authenticate(client, username, password, done) {
      const clientId = client.id;
      const user = username ?? '';
      const reject = (code: 2 | 4 | 5, reason: string) => {
        log.warn({ clientId, username: user, reason }, 'connection refused');
        done(authError(code, reason), false);
      };
      if (!user || !password) return reject(4, 'missing username or password');
      // one catch for both steps: the client id check reads the registry too, and a CONNECT that
      // arrives while the bridge shuts down finds its database closed
      identify(user, password.toString('utf8'))
        .then((session) => {
          if (!session) return reject(4, 'bad username or password');
          if (!clientIdBelongsTo(clientId, user, isRegisteredUsername)) {
            return reject(2, 'client id must be the username or begin with it');
          }
          sessions.set(client, session);
          done(null, true);
        })
        .catch((err: unknown) => {
          log.error({ clientId, username: user, err }, 'authentication failed');
          done(authError(5, 'authentication unavailable'), false);
        });
    },
    authorizePublish(client, packet, done) {
      const decision = decide(client, (who) => mayPublish(who, packet.topic, packet.retain));
      if (decision.allowed) return done(null);
      log.warn(
        { clientId: client?.id, topic: packet.topic, retain: packet.retain, reason: decision.reason },
        'publish refused',
      );
      // MQTT 3.1.1 has no negative PUBACK: aedes closes the connection, which is what the client sees.
      done(new Error(`publish to ${packet.topic} refused: ${decision.reason}`));
    },
    authorizeForward(client, packet) {
      const session = sessions.get(client);
      if (session && stillValid(session)) return packet;
      // A station whose secret was rotated (or that was removed) gets nothing more on its old login.
      log.warn(
        { clientId: client.id, topic: packet.topic },
        'delivery refused: credentials rotated or station removed',
      );
      return null;
    },
    authorizeSubscribe(client, subscription, done) {
      const decision = decide(client, (who) => maySubscribe(who, subscription.topic));
      if (decision.allowed) return done(null, subscription);
      log.warn(
        { clientId: client.id, topic: subscription.topic, reason: decision.reason },
        'subscribe refused',
      );
      // A null subscription answers SUBACK 0x80 for this filter and keeps the connection.
      done(null, null);
    },
  });

  const emitter = guardEmitterRecursion(broker);

  broker.on('clientReady', (client) => log.info({ clientId: client.id }, 'client connected'));
  broker.on('clientDisconnect', (client) => log.info({ clientId: client.id }, 'client disconnected'));
  broker.on('clientError', (client, err) =>
    log.warn({ clientId: client.id, err: err.message }, 'client error'),
  );
  broker.on('connectionError', (client, err) =>
    log.warn({ clientId: client.id, err: err.message }, 'connection error'),
  );

  const listener = await listenForMqtt({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tls: options.tls,
    limits,
    log,
    onConnection: (conn) => broker.handle(conn),
  }).catch((err: unknown) => {
    broker.close();
    throw err;
  });
  const { url, port } = listener;
  log.info({ url }, 'embedded broker listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    clients: () => broker.connectedClients,
    deliveryBacklog: () => deliveryBacklog(emitter),
    close() {
      closing ??= listener
        .close(() => new Promise<void>((resolve) => broker.close(() => resolve())))
        .then(() => log.info({ url }, 'embedded broker closed'));
      return closing;
    },
  };
};
