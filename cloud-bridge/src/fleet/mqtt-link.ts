import type { Socket } from 'node:net';
import { stationTopics, TOPIC_ROOT } from '@regiobox/contract';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { CommandPublisher } from '../commands/command-center.js';
import type { Logger } from '../logger.js';

export interface MqttLinkOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** stable across restarts, so an MQTT 5 / persistent-session broker keeps our queue while we are away */
  readonly clientId: string;
  readonly logger: Logger;
  /** PEM of the CA that signed an `mqtts://` broker's certificate */
  readonly ca?: Buffer;
  readonly connectTimeoutMs?: number;
  /** subscribe as `$share/<group>/…` over MQTT 5, so that several bridge instances share the traffic */
  readonly sharedGroup?: string;
}

/**
 * How long the broker keeps a bridge instance's session (its shared-subscription share, queued QoS 1
 * messages) while it is away: a killed instance that comes back within a day finds what was queued
 * for it.
 */
export const SHARED_SESSION_EXPIRY_S = 86_400;

export type MessageHandler = (topic: string, payload: Buffer) => Promise<void>;

/**
 * Everything a station publishes. With several instances all five are shared: each message is
 * processed by one instance, and what another instance needs it reads from the shared store (a reply
 * to its command: CommandCenter; a change for its dashboard: shareFleetChanges). Retained messages are
 * not sent over shared subscriptions; the store keeps what the retained birth and state said.
 */
export const stationSubscriptions = (sharedGroup?: string): string[] =>
  ['status', 'state', 'telemetry', 'events', 'replies'].map((k) =>
    sharedGroup ? `$share/${sharedGroup}/${TOPIC_ROOT}/+/${k}` : `${TOPIC_ROOT}/+/${k}`,
  );

/**
 * The bridge's one MQTT connection, as the service user. Incoming messages are handed over one at a
 * time, and the PUBACK is sent only after the handler resolved (MQTT.js `handleMessage`), so a crash
 * mid-way means redelivery rather than loss.
 */
export class MqttLink implements CommandPublisher {
  private constructor(
    private readonly client: MqttClient,
    private readonly log: Logger,
  ) {}

  static async connect(o: MqttLinkOptions, handler: MessageHandler): Promise<MqttLink> {
    const log = o.logger.child({ component: 'mqtt' });
    const options: IClientOptions = {
      clientId: o.clientId,
      username: o.username,
      password: o.password,
      clean: false,
      reconnectPeriod: 1000,
      connectTimeout: o.connectTimeoutMs ?? 10_000,
      ...(o.sharedGroup
        ? { protocolVersion: 5, properties: { sessionExpiryInterval: SHARED_SESSION_EXPIRY_S } }
        : { protocolVersion: 4 }),
      ...(o.ca ? { ca: o.ca } : {}),
    };
    const subscriptions = stationSubscriptions(o.sharedGroup);
    const client = mqtt.connect(o.url, options);
    client.handleMessage = (packet, done) => {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      handler(packet.topic, payload).then(
        () => done(),
        (err: unknown) => {
          // No PUBACK: the broker redelivers after a reconnect.
          log.error({ err, topic: packet.topic }, 'message not stored');
          done(err instanceof Error ? err : new Error(String(err)));
        },
      );
    };
    client.on('connect', () => {
      // Nagle's algorithm adds tens of milliseconds to every QoS 1 round trip.
      (client.stream as Partial<Socket>).setNoDelay?.(true);
      log.info({ url: o.url }, 'connected to broker');
      client.subscribe(subscriptions, { qos: 1 }, (err, granted) => {
        if (err) log.error({ err }, 'subscribe failed');
        // 0x80 and up: refused (MQTT 3.1.1: 128; MQTT 5: a reason code such as 0x9E, shared subscriptions not supported)
        const refused = (granted ?? []).filter((g) => g.qos >= 0x80).map((g) => g.topic);
        if (refused.length > 0) log.error({ refused }, 'broker refused subscriptions');
      });
    });
    client.on('offline', () => log.warn('broker connection lost'));
    client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error'));
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        client.end(true);
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new Error(`no connection to the broker at ${o.url}`)),
        o.connectTimeoutMs ?? 10_000,
      );
      client.once('connect', () => {
        clearTimeout(timer);
        client.off('error', fail);
        resolve();
      });
      client.once('error', fail);
    });
    return new MqttLink(client, log);
  }

  connected(): boolean {
    return this.client.connected;
  }

  async publishCommand(stationId: string, payload: string): Promise<void> {
    await this.client.publishAsync(stationTopics(stationId).commands, payload, { qos: 1, retain: false });
  }

  /** Lets in-flight publishes finish for a moment, then closes regardless (a dead broker never acks). */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.client.endAsync(false),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => resolve(this.client.endAsync(true)), 2000);
      }),
    ]);
    clearTimeout(timer);
    this.log.info('disconnected from broker');
  }
}
