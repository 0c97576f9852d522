import {
  type CommandMessage,
  type CompartmentSnapshot,
  type EventBody,
  type EventMessage,
  type ReplyErrorCode,
  type ReplyMessage,
  stationTopics,
} from '@regiobox/contract';
import mqtt, { type MqttClient } from 'mqtt';
import { eventMessage, stateMessage, statusMessage } from './messages.js';

export type Responder = (
  command: CommandMessage,
) =>
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: ReplyErrorCode; message: string; details?: unknown }
  | 'silent';

/**
 * A station as the bridge sees it over MQTT: a real MQTT client with the station's credentials that
 * publishes contract-valid status, state and events and answers commands through `respond`. The real
 * edge station replaces it in the lead's end-to-end test.
 */
export class StationPeer {
  readonly commands: CommandMessage[] = [];
  respond: Responder = () => ({ ok: true, result: {} });
  private seq = 0;

  private constructor(
    readonly stationId: string,
    readonly session: number,
    private readonly client: MqttClient,
  ) {}

  static async connect(
    brokerUrl: string,
    login: { username: string; password: string },
    session: number,
    compartments: CompartmentSnapshot[] = [],
    clientId = login.username,
  ): Promise<StationPeer> {
    const stationId = login.username;
    const t = stationTopics(stationId);
    const client = await mqtt.connectAsync(brokerUrl, {
      ...login,
      clientId,
      clean: true,
      reconnectPeriod: 0,
      protocolVersion: 4,
      will: {
        topic: t.status,
        payload: Buffer.from(JSON.stringify(statusMessage(stationId, 'offline', session))),
        qos: 1,
        retain: true,
      },
    });
    const peer = new StationPeer(stationId, session, client);
    client.on('message', (topic, payload) => {
      if (topic === t.commands) peer.onCommand(JSON.parse(payload.toString()) as CommandMessage);
    });
    // Subscribe before the birth, so no command sent on "online" can arrive unheard.
    await client.subscribeAsync(t.commands, { qos: 1 });
    await client.publishAsync(t.state, JSON.stringify(stateMessage(stationId, compartments)), {
      qos: 1,
      retain: true,
    });
    await client.publishAsync(t.status, JSON.stringify(statusMessage(stationId, 'online', session)), {
      qos: 1,
      retain: true,
    });
    return peer;
  }

  /** Publishes the next event in sequence (or at `seq`, to make a gap). */
  async event(body: EventBody, seq = this.seq + 1): Promise<EventMessage> {
    this.seq = Math.max(this.seq, seq);
    const m = eventMessage(this.stationId, seq, body, new Date().toISOString());
    await this.republish(m);
    return m;
  }

  async publishRaw(kind: 'events' | 'telemetry' | 'replies', payload: string): Promise<void> {
    await this.client.publishAsync(stationTopics(this.stationId)[kind], payload, { qos: 1 });
  }

  /** A clean shutdown: offline status of this session, then disconnect. */
  async close(): Promise<void> {
    const t = stationTopics(this.stationId);
    if (this.client.connected) {
      await this.client.publishAsync(
        t.status,
        JSON.stringify(statusMessage(this.stationId, 'offline', this.session)),
        {
          qos: 1,
          retain: true,
        },
      );
    }
    await this.client.endAsync(true);
  }

  /** The network drops: the broker publishes the will once it notices. */
  async drop(): Promise<void> {
    this.client.stream.destroy();
    await this.client.endAsync(true);
  }

  private onCommand(c: CommandMessage): void {
    this.commands.push(c);
    const answer = this.respond(c);
    if (answer === 'silent') return;
    const base = { v: 1 as const, commandId: c.id, stationId: this.stationId, at: new Date().toISOString() };
    const reply: ReplyMessage = answer.ok
      ? { ...base, ok: true, result: answer.result }
      : {
          ...base,
          ok: false,
          error: { code: answer.code, message: answer.message, details: answer.details },
        };
    void this.client.publishAsync(stationTopics(this.stationId).replies, JSON.stringify(reply), { qos: 1 });
  }

  /** Publishes an exact message again, as a station does when it did not see the PUBACK. */
  async republish(message: EventMessage): Promise<void> {
    await this.client.publishAsync(stationTopics(this.stationId).events, JSON.stringify(message), { qos: 1 });
  }
}

/** Answers `reserve` as a station with free compartments 1, 2, … would; everything else with ok. */
export const reserveAnswer: Responder = (c) => {
  if (c.command.type !== 'reserve') return { ok: true, result: {} };
  const { orderId, parcels } = c.command;
  return {
    ok: true,
    result: {
      orderId,
      pickupPin: '48291375',
      qrToken: `qr-${orderId}-secret`,
      parcels: parcels.map((p, i) => ({
        parcelId: p.parcelId,
        compartment: i + 1,
        zone: p.zone,
        size: p.size,
        loadingCode: `77120${i}`,
        deadline: p.deadline,
      })),
    },
  };
};
