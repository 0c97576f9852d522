import { type IClientOptions, type IStream, MqttClient } from 'mqtt';
import { LinkError } from './errors.js';
import type { BrokerTarget, SocketFactory } from './transport.js';

export interface ConnectionOptions {
  readonly target: BrokerTarget;
  readonly socketFactory: SocketFactory;
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  readonly keepaliveSeconds: number;
  readonly connectTimeoutMs: number;
  readonly protocolVersion: 4 | 5;
  readonly will: { readonly topic: string; readonly payload: string };
}

/**
 * Called for every PUBLISH the broker delivers. The broker's PUBACK is sent when it returns, so the
 * listener must have recorded what it needs (synchronously) before returning.
 */
export type MessageListener = (topic: string, payload: Buffer) => void;

interface Pending {
  readonly reject: (error: Error) => void;
}

/**
 * One MQTT connection, from CONNECT to its end; the link makes a new one for every attempt. MQTT.js
 * does not settle QoS 1 callbacks when a persistent-session connection drops (they wait for a
 * reconnect we never ask it for), so every publish and subscribe is tracked here and rejected with
 * LINK_CLOSED the moment the connection ends.
 */
export class BrokerConnection {
  private readonly pending = new Set<Pending>();
  private readonly lostListeners = new Set<(reason: Error) => void>();
  private messageListener: MessageListener | undefined;
  /** PUBLISHes that arrived right after CONNACK, before the link attached its listener; not yet acked */
  private readonly early: { topic: string; payload: Buffer; done: () => void }[] = [];
  private ended = false;

  private constructor(private readonly client: MqttClient) {}

  /** Resolves on CONNACK; rejects (and leaves nothing open) on refusal, timeout or socket error. */
  static open(opts: ConnectionOptions): Promise<BrokerConnection> {
    const clientOptions: IClientOptions = {
      clientId: opts.clientId,
      // A persistent session: commands that arrive while the station is away wait at the broker.
      clean: false,
      keepalive: opts.keepaliveSeconds,
      connectTimeout: opts.connectTimeoutMs,
      protocolVersion: opts.protocolVersion,
      reconnectPeriod: 0,
      resubscribe: false,
      manualConnect: true,
      queueQoSZero: false,
      // MQTT.js otherwise pre-builds a 2-byte Buffer for each of the 65,536 packet ids on the first
      // write: 6–7 MB of heap for a station that has a few packets in flight at a time
      writeCache: false,
      will: { topic: opts.will.topic, payload: Buffer.from(opts.will.payload), qos: 1, retain: true },
      ...(opts.username !== undefined ? { username: opts.username } : {}),
      ...(opts.password !== undefined ? { password: opts.password } : {}),
    };
    const client = new MqttClient(() => opts.socketFactory(opts.target) as unknown as IStream, clientOptions);
    const connection = new BrokerConnection(client);
    return new Promise((resolve, reject) => {
      let connected = false;
      const fail = (reason: Error) => {
        if (!connected) reject(reason);
        connection.end(reason);
      };
      client.on('error', (e) => fail(e));
      client.on('close', () => fail(new LinkError('LINK_CLOSED', 'connection closed')));
      client.on('offline', () => fail(new LinkError('LINK_CLOSED', 'connection offline')));
      client.on('disconnect', () => fail(new LinkError('LINK_CLOSED', 'broker sent DISCONNECT')));
      client.once('connect', () => {
        connected = true;
        resolve(connection);
      });
      client.handleMessage = (packet, done) => {
        const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
        // A persistent session's queued messages follow CONNACK at once; hold them (and their PUBACK).
        if (connection.messageListener) connection.deliver(packet.topic, payload, () => done());
        else connection.early.push({ topic: packet.topic, payload, done: () => done() });
      };
      try {
        client.connect();
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Sets the listener and hands it whatever arrived before. */
  onMessage(listener: MessageListener): void {
    this.messageListener = listener;
    for (const m of this.early.splice(0)) this.deliver(m.topic, m.payload, m.done);
  }

  /** Runs once, when the connection ends for any reason (including close()). */
  onLost(listener: (reason: Error) => void): () => void {
    if (this.ended) {
      queueMicrotask(() => listener(new LinkError('LINK_CLOSED', 'connection closed')));
      return () => {};
    }
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** QoS 1; resolves on PUBACK, rejects with LINK_CLOSED when the connection ends first. */
  publish(topic: string, payload: string, opts: { retain?: boolean } = {}): Promise<void> {
    return this.track((done) =>
      this.client.publish(topic, payload, { qos: 1, retain: opts.retain ?? false }, (e) => done(e)),
    );
  }

  subscribe(topics: readonly string[]): Promise<void> {
    return this.track((done) =>
      this.client.subscribe([...topics], { qos: 1 }, (e, granted) => {
        const refused = granted?.find((g) => g.qos === 128);
        done(e ?? (refused ? new Error(`broker refused subscription to ${refused.topic}`) : undefined));
      }),
    );
  }

  /** Abrupt: the broker will publish the last will. */
  close(reason: Error = new LinkError('LINK_CLOSED', 'connection closed by the station')): void {
    this.end(reason);
  }

  /** Sends DISCONNECT (the broker discards the will), then ends; bounded by `timeoutMs`. */
  async disconnect(timeoutMs: number): Promise<void> {
    if (this.ended) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.client.end(false, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.end(new LinkError('LINK_CLOSED', 'disconnected by the station'));
  }

  private deliver(topic: string, payload: Buffer, done: () => void): void {
    try {
      this.messageListener?.(topic, payload);
    } catch {
      // The listener reports its own failures; the broker's packet loop must go on.
    } finally {
      done();
    }
  }

  private track(start: (done: (error?: Error) => void) => void): Promise<void> {
    if (this.ended) return Promise.reject(new LinkError('LINK_CLOSED', 'connection closed'));
    return new Promise<void>((resolve, reject) => {
      const entry: Pending = { reject };
      this.pending.add(entry);
      start((error) => {
        // A callback after end() finds the entry gone: the promise has already been settled.
        if (!this.pending.delete(entry)) return;
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private end(reason: Error): void {
    if (this.ended) return;
    this.ended = true;
    const closing = new LinkError('LINK_CLOSED', `connection closed: ${reason.message}`, { cause: reason });
    for (const p of this.pending) p.reject(closing);
    this.pending.clear();
    // Late errors of a dead client must not become unhandled 'error' events.
    this.client.removeAllListeners('error');
    this.client.on('error', () => {});
    this.client.end(true);
    for (const l of this.lostListeners) l(reason);
    this.lostListeners.clear();
  }
}
