import { randomUUID } from 'node:crypto';
import type { EventMessage } from '@regiobox/contract';

/**
 * The JSON body of every webhook. `id` is the station's event id for station events (so it is the
 * same however often the bridge receives the event) and a fresh id for the bridge's own events.
 */
export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly stationId: string;
  readonly occurredAt: string;
  /** the station's event sequence number; absent for the bridge's own events */
  readonly seq?: number;
  readonly data: Record<string, unknown>;
}

/** Order and alarm events go out as webhooks; doors, unlocks and summaries stay on the dashboard. */
const FORWARDED = /^(order|parcel|alarm)\.|^codes\.issued$/;

export const isForwarded = (type: string): boolean => FORWARDED.test(type);

export const fromStationEvent = (m: EventMessage): WebhookEvent => {
  const { type, ...data } = m.event;
  return { id: m.id, type, stationId: m.stationId, occurredAt: m.at, seq: m.seq, data };
};

export const bridgeEvent = (
  type: string,
  stationId: string,
  occurredAt: Date,
  data: Record<string, unknown>,
  id: string = randomUUID(),
): WebhookEvent => ({ id, type, stationId, occurredAt: occurredAt.toISOString(), data });

/** `order.*` matches every order event, `*` everything, anything else exactly. */
export const matchesPattern = (patterns: readonly string[], type: string): boolean =>
  patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
