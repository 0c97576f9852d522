import {
  EventMessage,
  MAX_PAYLOAD_BYTES,
  parseStationTopic,
  ReplyMessage,
  StateMessage,
  StatusMessage,
  TelemetryMessage,
} from '@regiobox/contract';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { CommandCenter } from '../commands/command-center.js';
import type { Logger } from '../logger.js';
import type { FleetStore } from '../store/fleet-store.js';
import type { FleetChanges } from './changes.js';

/** Receives every new station event before it is recorded (the webhook outbox). */
export interface StationEventSink {
  stationEvent(message: EventMessage): Promise<void>;
}

export interface IngestStats {
  received: number;
  /** statuses rejected by the session rule (late wills of older sessions) */
  staleStatus: number;
  invalid: number;
  duplicates: number;
  gaps: number;
  conflicts: number;
}

export interface FleetIngestOptions {
  readonly store: FleetStore;
  readonly commands: CommandCenter;
  readonly events: StationEventSink;
  readonly changes: FleetChanges;
  readonly clock: Clock;
  readonly logger: Logger;
  /** lifetime of a resend_state command; default 5 min */
  readonly resendStateTtlMs?: number;
}

const SCHEMAS = {
  status: StatusMessage,
  state: StateMessage,
  telemetry: TelemetryMessage,
  events: EventMessage,
  replies: ReplyMessage,
} as const;

/**
 * Turns station messages into fleet state. Called one message at a time, and the MQTT PUBACK goes
 * out only after it resolved, so a message is never acknowledged before it is stored. Bad payloads
 * are logged and counted, never thrown.
 */
export class FleetIngest {
  private readonly counters: IngestStats = {
    received: 0,
    staleStatus: 0,
    invalid: 0,
    duplicates: 0,
    gaps: 0,
    conflicts: 0,
  };
  private readonly log: Logger;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly o: FleetIngestOptions) {
    this.log = o.logger.child({ component: 'ingest' });
  }

  stats(): IngestStats {
    return { ...this.counters };
  }

  /** Waits for command deliveries the ingest started. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async handle(topic: string, payload: Buffer): Promise<void> {
    this.counters.received++;
    const parsed = this.parse(topic, payload);
    if (!parsed) return;
    const receivedAt = this.o.clock.now();
    switch (parsed.kind) {
      case 'status': {
        const outcome = await this.o.store.recordStatus(parsed.message, receivedAt);
        if (!outcome.applied) {
          this.counters.staleStatus++;
          this.log.info(
            { stationId: parsed.stationId, session: parsed.message.session },
            'stale status ignored',
          );
          return;
        }
        this.o.changes.publish({ kind: 'station', stationId: parsed.stationId });
        if (outcome.cameOnline) {
          const { stationId, message } = parsed;
          this.background(
            () => this.o.commands.stationOnline(stationId, message.session),
            'deliver queued commands',
          );
        }
        return;
      }
      case 'state':
        await this.o.store.recordState(parsed.message, receivedAt);
        this.o.changes.publish({ kind: 'station', stationId: parsed.stationId });
        return;
      case 'telemetry':
        if (!(await this.o.store.recordTelemetry(parsed.message, receivedAt))) this.counters.duplicates++;
        else
          this.o.changes.publish({
            kind: 'telemetry',
            stationId: parsed.stationId,
            batchId: parsed.message.batchId,
          });
        return;
      case 'events':
        return this.event(parsed.message, receivedAt);
      case 'replies':
        await this.o.store.touchStation(parsed.stationId, receivedAt);
        await this.o.commands.handleReply(parsed.message);
        return;
    }
  }

  private async event(m: EventMessage, receivedAt: Date): Promise<void> {
    if (await this.o.store.hasEvent(m.stationId, m.seq, m.id)) {
      this.counters.duplicates++;
      return;
    }
    // Into the webhook outbox first: a crash before the event is recorded means a redelivery, and
    // the outbox ignores an event id it already holds, so nothing is lost and nothing sent twice.
    await this.o.events.stationEvent(m);
    const outcome = await this.o.store.recordEvent(m, receivedAt);
    if (outcome.kind === 'duplicate') {
      this.counters.duplicates++;
      return;
    }
    if (outcome.kind === 'conflict') {
      this.counters.conflicts++;
      this.log.error({ stationId: m.stationId, seq: m.seq, eventId: m.id }, 'seq reused by another event id');
      return;
    }
    const e = m.event;
    this.o.changes.publish({ kind: 'event', stationId: m.stationId, eventId: m.id, type: e.type });
    if (e.type === 'alarm.raised' || e.type === 'alarm.cleared' || e.type === 'alarm.acknowledged') {
      this.o.changes.publish({ kind: 'alarm', stationId: m.stationId, alarmId: e.alarmId, type: e.type });
    }
    if (outcome.gap) {
      const gap = outcome.gap;
      this.counters.gaps++;
      this.log.warn({ stationId: m.stationId, ...gap }, 'gap in event sequence; asking for a replay');
      this.background(() => this.requestReplay(m.stationId, gap), 'request replay');
      this.background(() => this.requestFullState(m.stationId), 'request full state');
    }
  }

  /**
   * Events the bridge missed (a broker acknowledged them while the bridge's session did not exist)
   * are still kept at the station for a while: `replay_events` publishes them again with their ids
   * and seqs; they fill the history, and each reaches the webhooks once (dedup by id).
   */
  private async requestReplay(stationId: string, gap: { expected: number; got: number }): Promise<void> {
    await this.o.commands.issue(
      stationId,
      { type: 'replay_events', fromSeq: gap.expected, toSeq: gap.got - 1 },
      this.o.resendStateTtlMs ?? 5 * 60_000,
    );
  }

  /**
   * Should the station no longer keep some of them, the full state still corrects the picture:
   * `resend_state` makes it republish its retained `state`, which replaces the compartments and
   * reconciles the open alarms.
   */
  private async requestFullState(stationId: string): Promise<void> {
    await this.o.commands.issueOnce(
      stationId,
      { type: 'resend_state' },
      this.o.resendStateTtlMs ?? 5 * 60_000,
    );
  }

  private parse(topic: string, payload: Buffer): Parsed | undefined {
    const where = parseStationTopic(topic);
    if (!where || where.kind === 'commands')
      return this.reject(topic, 'not a station topic this bridge reads');
    if (payload.length > MAX_PAYLOAD_BYTES)
      return this.reject(topic, `payload over ${MAX_PAYLOAD_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.reject(topic, 'payload is not JSON');
    }
    const schema: z.ZodType = SCHEMAS[where.kind];
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      return this.reject(topic, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    const message = result.data as { stationId: string };
    if (message.stationId !== where.stationId) return this.reject(topic, 'stationId differs from the topic');
    return { kind: where.kind, stationId: where.stationId, message } as Parsed;
  }

  /**
   * Commands are published outside the message handler: their PUBACK arrives on the same
   * connection, and MQTT.js reads no further packet until the handler has finished.
   */
  private background(work: () => Promise<unknown>, what: string): void {
    const p = work()
      .catch((err: unknown) => this.log.error({ err }, `${what} failed`))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private reject(topic: string, reason: string): undefined {
    this.counters.invalid++;
    this.log.warn({ topic, reason }, 'invalid message dropped');
    return undefined;
  }
}

type Parsed =
  | { kind: 'status'; stationId: string; message: StatusMessage }
  | { kind: 'state'; stationId: string; message: StateMessage }
  | { kind: 'telemetry'; stationId: string; message: TelemetryMessage }
  | { kind: 'events'; stationId: string; message: EventMessage }
  | { kind: 'replies'; stationId: string; message: ReplyMessage };
