import type { EventMessage } from '@regiobox/contract';
import type { Clock } from '../clock.js';
import type { StationEventSink } from '../fleet/ingest.js';
import { fromStationEvent, isForwarded, matchesPattern, type WebhookEvent } from './webhook-events.js';
import type { WebhookOutbox } from './webhook-store.js';

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  /** event type patterns, e.g. `order.*`, `alarm.raised`; `*` for all */
  readonly events: readonly string[];
}

/** Which endpoints hear an event: its tenant's, or for a station's own event every tenant's there. */
export interface WebhookRoutes {
  endpointsOf(tenantId: string): readonly WebhookEndpoint[];
  tenantsAt(stationId: string): readonly { readonly webhooks: readonly WebhookEndpoint[] }[];
}

/** Puts events into the webhook outbox, one row per subscribed endpoint, and wakes the dispatcher. */
export class WebhookSink implements StationEventSink {
  private readonly wakers = new Set<(endpointId: string) => void>();

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly routes: WebhookRoutes,
    private readonly clock: Clock,
  ) {}

  async stationEvent(m: EventMessage): Promise<void> {
    if (isForwarded(m.event.type)) await this.publish(fromStationEvent(m));
  }

  async publish(event: WebhookEvent): Promise<void> {
    const body = JSON.stringify(event);
    const endpoints =
      event.tenant === null
        ? this.routes.tenantsAt(event.stationId).flatMap((t) => t.webhooks)
        : this.routes.endpointsOf(event.tenant);
    for (const ep of endpoints) {
      if (!matchesPattern(ep.events, event.type)) continue;
      if (await this.outbox.enqueue(ep.id, event.id, event.type, body, this.clock.now())) {
        for (const wake of this.wakers) wake(ep.id);
      }
    }
  }

  onEnqueue(wake: (endpointId: string) => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }
}
