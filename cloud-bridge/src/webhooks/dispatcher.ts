import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { type BackoffPolicy, backoffMs } from './backoff.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature.js';
import type { WebhookEndpoint, WebhookSink } from './webhook-sink.js';
import type { Delivery, WebhookOutbox } from './webhook-store.js';

export interface WebhookDispatcherOptions {
  readonly outbox: WebhookOutbox;
  readonly sink: WebhookSink;
  readonly endpoints: readonly WebhookEndpoint[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly backoff: BackoffPolicy;
  /** a delivery is given up (marked failed) after this many attempts */
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly random?: () => number;
  /** who claims deliveries (one per bridge instance); default a random id */
  readonly instanceId?: string;
  /**
   * With an outbox shared by several instances: how often an idle worker looks for rows that another
   * instance enqueued but did not deliver (it died). Default: never (only this instance enqueues).
   */
  readonly idlePollMs?: number;
}

/** A claim outlasts an attempt (its timeout) by this much before another instance may take the row. */
const LEASE_MARGIN_MS = 5000;

/**
 * One worker per endpoint, each delivering its own outbox rows oldest first: a receiver that is down
 * holds back only its own deliveries, and each receiver sees events in the order they happened.
 */
export class WebhookDispatcher {
  private stopped = false;
  private readonly wakers = new Map<string, () => void>();
  private readonly inFlight = new Set<AbortController>();
  private workers: Promise<void>[] = [];
  private unsubscribe: () => void = () => {};
  private readonly log: Logger;
  private readonly holder: string;

  constructor(private readonly o: WebhookDispatcherOptions) {
    this.log = o.logger.child({ component: 'webhooks' });
    this.holder = o.instanceId ?? randomUUID();
  }

  start(): void {
    this.unsubscribe = this.o.sink.onEnqueue((id) => this.wakers.get(id)?.());
    this.workers = this.o.endpoints.map((ep) => this.run(ep));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    for (const ctrl of this.inFlight) ctrl.abort();
    for (const wake of this.wakers.values()) wake();
    await Promise.allSettled(this.workers);
  }

  private async run(ep: WebhookEndpoint): Promise<void> {
    while (!this.stopped) {
      try {
        const now = this.o.clock.now();
        const c = await this.o.outbox.claim(ep.id, this.holder, now, this.o.timeoutMs + LEASE_MARGIN_MS);
        if (c.kind === 'due') await this.attempt(ep, c.delivery);
        else if (c.kind === 'wait') await this.sleep(ep.id, Math.max(c.until.getTime() - now.getTime(), 1));
        else await this.sleep(ep.id, this.o.idlePollMs ?? Number.POSITIVE_INFINITY);
      } catch (err) {
        this.log.error({ err, endpoint: ep.id }, 'webhook worker error');
        await this.sleep(ep.id, this.o.backoff.baseMs);
      }
    }
  }

  private async attempt(ep: WebhookEndpoint, d: Delivery): Promise<void> {
    const ts = Math.floor(this.o.clock.now().getTime() / 1000);
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.o.timeoutMs);
    this.inFlight.add(ctrl);
    let error: string;
    try {
      const res = await fetch(ep.url, {
        method: 'POST',
        redirect: 'manual',
        signal: ctrl.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'regiobox-bridge',
          'x-regiobox-event-id': d.eventId,
          'x-regiobox-event-type': d.eventType,
          'x-regiobox-delivery-attempt': String(d.attempts + 1),
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: signWebhook(ep.secret, ts, d.body),
        },
        body: d.body,
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) {
        await this.o.outbox.markDelivered(d.pos, this.o.clock.now());
        this.log.info({ endpoint: ep.id, eventId: d.eventId, type: d.eventType }, 'webhook delivered');
        return;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(ctrl);
    }
    if (this.stopped) return;
    await this.failed(ep, d, error);
  }

  private async failed(ep: WebhookEndpoint, d: Delivery, error: string): Promise<void> {
    const attempts = d.attempts + 1;
    if (attempts >= this.o.maxAttempts) {
      await this.o.outbox.markFailed(d.pos, this.o.clock.now(), error);
      this.log.error({ endpoint: ep.id, eventId: d.eventId, attempts, error }, 'webhook given up');
      return;
    }
    const delay = backoffMs(attempts, this.o.backoff, this.o.random ?? Math.random);
    await this.o.outbox.markRetry(d.pos, new Date(this.o.clock.now().getTime() + delay), error);
    this.log.warn(
      { endpoint: ep.id, eventId: d.eventId, attempts, error, retryInMs: delay },
      'webhook failed',
    );
  }

  /** Until the time passes, a new delivery is enqueued for this endpoint, or the dispatcher stops. */
  private sleep(endpointId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.min(ms, 2 ** 31 - 1)) : undefined;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakers.set(endpointId, done);
    });
  }
}
