import {
  type CommandMessage,
  EventMessage,
  ReplyMessage,
  StateMessage,
  StatusMessage,
  signCommand,
  stationTopics,
  TelemetryMessage,
} from '@regiobox/contract';
import { connectAsync, type MqttClient } from 'mqtt';
import { until } from './until.js';

/**
 * The marketplace side of the contract, as a test sees it: a real MQTT client that records what a
 * station publishes (parsed by the contract schemas) and sends commands.
 */
export class TestMarketplace {
  readonly events: EventMessage[] = [];
  readonly telemetry: TelemetryMessage[] = [];
  readonly statuses: StatusMessage[] = [];
  readonly states: StateMessage[] = [];
  readonly replies: ReplyMessage[] = [];
  /** payloads on a station topic that did not match the contract */
  readonly invalid: { topic: string; payload: string }[] = [];
  private readonly topics;

  private constructor(
    private readonly client: MqttClient,
    stationId: string,
  ) {
    this.topics = stationTopics(stationId);
    client.on('message', (topic, payload) => this.record(topic, payload.toString('utf8')));
  }

  /** Connects with a persistent session, so that it misses nothing while a broker is unreachable. */
  static async connect(
    url: string,
    stationId: string,
    clientId = 'marketplace-test',
  ): Promise<TestMarketplace> {
    const client = await connectAsync(url, {
      clientId,
      clean: false,
      reconnectPeriod: 100,
      connectTimeout: 5_000,
    });
    const market = new TestMarketplace(client, stationId);
    await client.subscribeAsync(`${market.topics.base}/+`, { qos: 1 });
    return market;
  }

  /** Events after dropping duplicates by (stationId, seq), in order of seq. */
  uniqueEvents(): EventMessage[] {
    const bySeq = new Map<string, EventMessage>();
    for (const e of this.events) bySeq.set(`${e.stationId}/${e.seq}`, e);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  repliesTo(commandId: string): ReplyMessage[] {
    return this.replies.filter((r) => r.commandId === commandId);
  }

  /** Waits for the next reply to `commandId` beyond the `seen` already received. */
  async reply(commandId: string, seen = 0): Promise<ReplyMessage> {
    return until(`reply ${seen + 1} to ${commandId}`, () => this.repliesTo(commandId)[seen]);
  }

  async send(command: CommandMessage | string | Buffer): Promise<void> {
    const payload =
      typeof command === 'string' || Buffer.isBuffer(command) ? command : JSON.stringify(command);
    await this.client.publishAsync(this.topics.commands, payload, { qos: 1 });
  }

  async sendSigned(command: Omit<CommandMessage, 'sig'>, key: Buffer): Promise<void> {
    await this.send({ ...command, sig: signCommand(command, key) });
  }

  /** Publishes a retained status as if it came from the station (e.g. a will the broker sent late). */
  async publishStatus(status: StatusMessage): Promise<void> {
    await this.client.publishAsync(this.topics.status, JSON.stringify(status), { qos: 1, retain: true });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }

  private record(topic: string, payload: string): void {
    const kind = topic.slice(this.topics.base.length + 1);
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      this.invalid.push({ topic, payload });
      return;
    }
    const schemaFor = {
      events: [EventMessage, this.events],
      telemetry: [TelemetryMessage, this.telemetry],
      status: [StatusMessage, this.statuses],
      state: [StateMessage, this.states],
      replies: [ReplyMessage, this.replies],
    } as const;
    if (kind === 'commands') return;
    const entry = schemaFor[kind as keyof typeof schemaFor];
    const parsed = entry?.[0].safeParse(json);
    if (!entry || !parsed?.success) {
      this.invalid.push({ topic, payload });
      return;
    }
    (entry[1] as unknown[]).push(parsed.data);
  }
}

/** Reads the retained message of a topic with a fresh client, as a marketplace that just started would. */
export const readRetained = async (url: string, topic: string): Promise<string> => {
  const client = await connectAsync(url, { clean: true, reconnectPeriod: 0, connectTimeout: 5_000 });
  try {
    let retained: string | undefined;
    client.on('message', (t, payload, packet) => {
      if (t === topic && packet.retain) retained = payload.toString('utf8');
    });
    await client.subscribeAsync(topic, { qos: 1 });
    return await until(`retained message on ${topic}`, () => retained, 5_000);
  } finally {
    await client.endAsync(true);
  }
};
