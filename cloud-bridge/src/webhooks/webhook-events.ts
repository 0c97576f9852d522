import { randomUUID } from 'node:crypto';
import { type EventMessage, tenantOf } from '@regiobox/contract';

/**
 * The JSON body of every webhook. `id` is the station's event id for station events (so it is the
 * same however often the bridge receives the event) and a fresh id for the bridge's own events.
 */
export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  /**
   * The tenant whose order the event is about; only its endpoints receive it. null for a station's
   * own events (alarms), which go to every tenant that uses the station.
   */
  readonly tenant: string | null;
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
  const { type, ...rest } = m.event;
  const about = 'orderId' in rest && typeof rest.orderId === 'string';
  // the tenant is said once, at the top, not again inside data
  const { tenant: _, ...data } = rest as Record<string, unknown>;
  return {
    id: m.id,
    type,
    tenant: about ? tenantOf(rest as { tenant?: string }) : null,
    stationId: m.stationId,
    occurredAt: m.at,
    seq: m.seq,
    data,
  };
};

export const bridgeEvent = (
  type: string,
  tenant: string,
  stationId: string,
  occurredAt: Date,
  data: Record<string, unknown>,
  id: string = randomUUID(),
): WebhookEvent => ({ id, type, tenant, stationId, occurredAt: occurredAt.toISOString(), data });

/** `order.*` matches every order event, `*` everything, anything else exactly. */
export const matchesPattern = (patterns: readonly string[], type: string): boolean =>
  patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
