import { type ReplayResult, type StateMessage, stationTopics } from '@regiobox/contract';
import type { Logger } from 'pino';
import { Backoff, jittered } from '../domain/backoff.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { cryptoRandom, unitDraw } from '../domain/random.js';
import type { DeliveredEvents } from '../store/delivered-events.js';
import { CommandIntake } from './command-intake.js';
import { CommandLog } from './command-log.js';
import { BrokerConnection } from './connection.js';
import { LinkError } from './errors.js';
import { type MqttLinkOptions, type ResolvedBroker, resolveBroker, resolveDrain } from './options.js';
import { OutboxDrain } from './outbox-drain.js';
import { asError, settleWithin } from './promises.js';
import { replayEvents } from './replay.js';
import { RetainedMessages } from './retained.js';
import { type LinkSession, SessionCounter } from './session.js';
import { staleStatus } from './status.js';

export type LinkState = 'idle' | 'connecting' | 'online' | 'backing-off' | 'stopped';

export interface LinkStateChange {
  readonly state: LinkState;
  /** the session number of the connection being made or in use */
  readonly session?: number;
  /** why the previous connection or attempt ended */
  readonly reason?: string;
  /** backing-off: when the next attempt starts */
  readonly retryInMs?: number;
}

const STOP_STEP_MS = 2_000;

/**
 * The station's MQTT link as an explicit state machine:
 * idle → connecting → online → backing-off → connecting … and from any state → stopped.
 * Each attempt is a new connection with a new session; its will and its birth carry that session.
 * On every connect it resubscribes, publishes birth and state, resends unacknowledged replies and
 * drains the outbox.
 */
export class MqttLink {
  private current: LinkState = 'idle';
  private connection: BrokerConnection | undefined;
  private session: LinkSession | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** set while probes find no broker, so that the outage is logged once */
  private brokerAway = false;
  /** jitter draws in [0, 1) */
  private readonly draw: () => number;
  private readonly attempts: Backoff;
  private readonly refusals: Backoff;
  private readonly listeners = new Set<(change: LinkStateChange) => void>();
  private readonly topics;
  private readonly broker: ResolvedBroker;
  private readonly log: Logger;
  private readonly sessions: SessionCounter;
  private readonly retained: RetainedMessages;
  private readonly drain: OutboxDrain;
  private readonly intake: CommandIntake;
  private readonly delivered: DeliveredEvents;

  constructor(opts: MqttLinkOptions) {
    const clock: Clock = opts.clock ?? systemClock;
    this.topics = stationTopics(opts.stationId);
    this.broker = resolveBroker(opts.stationId, opts.broker, opts.socketFactory);
    this.draw = unitDraw(opts.random ?? cryptoRandom);
    this.attempts = new Backoff(this.broker.backoff, this.draw);
    this.refusals = new Backoff(this.broker.refusedBackoff, this.draw);
    this.log = opts.logger.child({ component: 'link' });
    this.sessions = new SessionCounter(opts.db);
    this.retained = new RetainedMessages(
      opts.stationId,
      this.topics,
      opts.outbox,
      clock,
      opts.status,
      opts.state,
    );
    this.drain = new OutboxDrain(opts.outbox, this.topics, resolveDrain(opts.drain), this.log, clock);
    this.delivered = opts.outbox.delivered;
    const stationHandler = opts.commands.handler;
    this.intake = new CommandIntake({
      stationId: opts.stationId,
      log: new CommandLog(opts.db),
      clock,
      logger: this.log,
      ...opts.commands,
      // resend_state is the link's own business: the station domain knows nothing of retained messages.
      handler: async (command, ctx) => {
        if (command.type === 'replay_events') return this.replay(command);
        if (command.type !== 'resend_state') return stationHandler(command, ctx);
        await this.publishStatus();
        const published = await this.publishState();
        return { lastSeq: published?.lastSeq ?? opts.outbox.lastSeq() };
      },
    });
  }

  get state(): LinkState {
    return this.current;
  }

  /** The session of the current or last connection. */
  get currentSession(): LinkSession | undefined {
    return this.session;
  }

  onStateChange(listener: (change: LinkStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts connecting in the background; never throws for an unreachable broker. */
  start(): void {
    if (this.current !== 'idle')
      throw new LinkError('LINK_STOPPED', `cannot start a link that is ${this.current}`);
    try {
      this.intake.recover();
    } catch (e) {
      // Storage trouble must not keep the station off the network; it retries on the next start.
      this.log.error({ err: e }, 'could not recover interrupted commands');
    }
    void this.connect();
  }

  /** Publishes the offline status, disconnects cleanly and waits for running commands; idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const { connection, session } = this;
    this.transition({ state: 'stopped' });
    this.drain.dispose();
    if (connection && session && !connection.closed) {
      await settleWithin(this.retained.publishOffline(connection, session), STOP_STEP_MS);
      await connection.disconnect(STOP_STEP_MS);
    }
    connection?.close();
    await settleWithin(this.intake.idle(), 5_000);
  }

  /** Republishes the retained birth (e.g. after a health change). False while not online. */
  async publishStatus(): Promise<boolean> {
    const { connection, session } = this;
    if (!connection || !session || connection.closed) return false;
    await this.retained.publishBirth(connection, session);
    return true;
  }

  /** Republishes the retained full state; undefined while not online. */
  async publishState(): Promise<StateMessage | undefined> {
    const connection = this.connection;
    if (!connection || connection.closed) return undefined;
    return this.retained.publishState(connection);
  }

  /** Publishes kept delivered events again (replay_events); refused while not online. */
  private async replay(request: { fromSeq: number; toSeq?: number | undefined }): Promise<ReplayResult> {
    const connection = this.connection;
    if (!connection || connection.closed) throw new LinkError('LINK_CLOSED', 'not connected to the broker');
    const published = await replayEvents(
      this.delivered,
      (payload) => connection.publish(this.topics.events, payload),
      request,
    );
    this.log.info({ ...published }, 'events replayed');
    return published;
  }

  private get stopped(): boolean {
    return this.current === 'stopped';
  }

  private async connect(): Promise<void> {
    let session: LinkSession;
    let connection: BrokerConnection;
    try {
      session = this.sessions.next();
      this.transition({ state: 'connecting', session: session.session });
      connection = await BrokerConnection.open({
        ...this.broker.connection,
        will: this.retained.will(session),
      });
    } catch (e) {
      return this.retryLater(asError(e));
    }
    if (this.stopped) return connection.close();
    this.connection = connection;
    this.session = session;
    // Replies first: commands the broker queued for us arrive right after CONNACK.
    this.intake.setPublisher((reply) => connection.publish(this.topics.replies, JSON.stringify(reply)));
    connection.onLost((reason) => this.onLost(connection, reason));
    connection.onMessage((topic, payload) => this.onMessage(connection, topic, payload));
    // A refused subscription or a failing snapshot degrades the link but must not keep it offline:
    // events still flow. Only a connection that ended stops the setup.
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        if (!connection.closed) this.log.error({ err: e }, `${what} failed on connect`);
      }
    };
    await step('subscribing to commands', () => connection.subscribe([this.topics.commands]));
    await step('publishing the birth', () => this.retained.publishBirth(connection, session));
    await step('publishing the state', () => this.retained.publishState(connection));
    // After the birth, so that the retained status we get back is ours or a stale will to overwrite.
    await step('subscribing to status', () => connection.subscribe([this.topics.status]));
    if (connection.closed || this.stopped) return;
    // a connection that came up is a success: the next outage starts from the shortest delay
    this.attempts.reset();
    this.refusals.reset();
    this.transition({ state: 'online', session: session.session });
    await step('resending replies', async () => {
      this.intake.resendUndelivered();
      this.intake.forgetOld();
    });
    if (!this.stopped) void this.drain.attach(connection);
  }

  private onMessage(connection: BrokerConnection, topic: string, payload: Buffer): void {
    if (topic === this.topics.commands) {
      this.intake.receive(payload);
      return;
    }
    const session = this.session;
    if (topic !== this.topics.status || this.current !== 'online' || connection !== this.connection) return;
    const stale = session && staleStatus(payload, session);
    if (!stale) return;
    // The broker published an old connection's will after our birth: put the birth back on top.
    this.log.warn({ staleSession: stale.session, session: session.session }, 'stale status replaced');
    this.publishStatus().catch(() => {});
  }

  private onLost(connection: BrokerConnection, reason: Error): void {
    if (connection !== this.connection) return;
    this.connection = undefined;
    this.intake.setPublisher(undefined);
    if (this.stopped) return;
    this.log.warn({ reason: reason.message, session: this.session?.session }, 'connection lost');
    this.retryLater(reason);
  }

  /**
   * The retry policy (domain/backoff.ts): a broker that cannot be reached at all is probed with a bare
   * TCP connect every second and connected to the moment it answers; only a CONNECT that failed on a
   * reachable broker waits out a backoff (short, or long when the broker refused us).
   */
  private retryLater(reason: Error): void {
    if (this.stopped) return;
    const random = this.draw;
    const delay = unreachable(reason)
      ? jittered(this.broker.probeIntervalMs, random)
      : refused(reason)
        ? this.refusals.next()
        : this.attempts.next();
    this.transition({ state: 'backing-off', reason: reason.message, retryInMs: delay });
    this.retryTimer = setTimeout(() => this.probe(), delay);
  }

  private probe(): void {
    this.retryTimer = undefined;
    if (this.stopped) return;
    const random = this.draw;
    void this.broker.probe().then((up) => {
      if (this.stopped || this.retryTimer !== undefined) return;
      if (up) {
        if (this.brokerAway) this.log.info('broker reachable again; connecting');
        this.brokerAway = false;
        void this.connect();
        return;
      }
      if (!this.brokerAway)
        this.log.warn({ probeEveryMs: this.broker.probeIntervalMs }, 'broker unreachable; probing');
      this.brokerAway = true;
      this.retryTimer = setTimeout(() => this.probe(), jittered(this.broker.probeIntervalMs, random));
    });
  }

  private transition(change: LinkStateChange): void {
    this.current = change.state;
    this.log.info(change, `link ${change.state}`);
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        this.log.error({ err: e }, 'link state listener failed');
      }
    }
  }
}

const NOBODY_THERE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

/** The socket could not even be opened: nobody is there to flood, so probing takes over at once. */
const unreachable = (reason: Error): boolean => NOBODY_THERE.has(String((reason as { code?: unknown }).code));

/** CONNACK refused us (bad credentials, client id not allowed); 3 / 0x88 is "server unavailable", a transient. */
const refused = (reason: Error): boolean => {
  const code = (reason as { code?: unknown }).code;
  return typeof code === 'number' && code !== 3 && code !== 0x88 && code !== 0x89;
};
