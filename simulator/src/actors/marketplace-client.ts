import type { Tour } from '@regiobox/contract';
import { z } from 'zod';
import {
  Alarm,
  CommandOutcome,
  Order,
  Problem,
  Reservation,
  type ReservationRequest,
  StationSummary,
  StoredEvent,
} from './marketplace-api.js';

/** A refusal or failure of the bridge's API, with the problem+json `code` when there was one. */
export class MarketplaceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MarketplaceApiError';
  }
}

export type ReserveAnswer =
  | { readonly kind: 'reserved'; readonly reservation: Reservation }
  | { readonly kind: 'pending'; readonly reservation: Reservation }
  | { readonly kind: 'refused'; readonly code: string; readonly detail: string };

/** The marketplace's side of the bridge's REST API, as a marketplace developer would call it. */
export class MarketplaceClient {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  /** 201 → reserved with codes; 202 → queued or awaiting the station; 409/502 → refused. */
  async reserve(stationId: string, request: ReservationRequest): Promise<ReserveAnswer> {
    const res = await this.send('POST', `/v1/stations/${stationId}/reservations`, request);
    if (res.status === 201) return { kind: 'reserved', reservation: Reservation.parse(res.body) };
    if (res.status === 202) return { kind: 'pending', reservation: Reservation.parse(res.body) };
    const problem = this.problem(res);
    if (res.status === 409 || res.status === 502)
      return { kind: 'refused', code: problem.code, detail: problem.detail };
    throw new MarketplaceApiError(res.status, problem.code, problem.detail);
  }

  async reservation(reservationId: string): Promise<Reservation> {
    return Reservation.parse(this.ok(await this.send('GET', `/v1/reservations/${reservationId}`)));
  }

  async order(orderId: string): Promise<Order | null> {
    const res = await this.send('GET', `/v1/orders/${orderId}`);
    if (res.status === 404) return null;
    return Order.parse(this.ok(res));
  }

  async alarms(filter: { state?: 'open' | 'cleared' | 'all'; stationId?: string } = {}): Promise<Alarm[]> {
    const q = new URLSearchParams({ state: filter.state ?? 'open', limit: '1000' });
    if (filter.stationId) q.set('stationId', filter.stationId);
    const body = this.ok(await this.send('GET', `/v1/alarms?${q}`));
    return z.object({ alarms: z.array(Alarm) }).parse(body).alarms;
  }

  async acknowledge(alarm: Pick<Alarm, 'alarmId' | 'stationId'>, by: string, note: string) {
    const res = await this.send('POST', `/v1/alarms/${alarm.alarmId}/ack`, {
      by,
      note,
      stationId: alarm.stationId,
    });
    return CommandOutcome.parse(this.ok(res));
  }

  /** The corrective action for a cold-chain hold: release the goods or discard them (to the producer). */
  async decideHold(
    orderId: string,
    parcelId: string,
    decision: { decision: 'release' | 'discard'; by: string; why: string },
  ) {
    const res = await this.send('POST', `/v1/orders/${orderId}/parcels/${parcelId}/hold-decision`, decision);
    return CommandOutcome.parse(this.ok(res));
  }

  /** Sends a van its tour (signed `set_tour` through the bridge); the command's outcome. */
  async setTour(stationId: string, tour: Tour) {
    return CommandOutcome.parse(this.ok(await this.send('PUT', `/v1/stations/${stationId}/tour`, tour)));
  }

  async stations() {
    const body = this.ok(await this.send('GET', '/v1/stations'));
    return z.object({ stations: z.array(StationSummary) }).parse(body).stations;
  }

  /** Every event of a station the bridge recorded, oldest first. */
  async allEvents(stationId: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const q = new URLSearchParams({ limit: '500' });
      if (beforeSeq !== undefined) q.set('beforeSeq', String(beforeSeq));
      const body = this.ok(await this.send('GET', `/v1/stations/${stationId}/events?${q}`));
      const page = z.object({ events: z.array(StoredEvent) }).parse(body).events;
      events.push(...page);
      const last = page[page.length - 1];
      if (page.length < 500 || !last || last.seq <= 1) break;
      beforeSeq = last.seq;
    }
    return events.sort((a, b) => a.seq - b.seq);
  }

  private async send(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }

  private ok(res: { status: number; body: unknown }): unknown {
    if (res.status >= 200 && res.status < 300) return res.body;
    const problem = this.problem(res);
    throw new MarketplaceApiError(res.status, problem.code, problem.detail);
  }

  private problem(res: { status: number; body: unknown }) {
    const p = Problem.safeParse(res.body);
    return p.success ? p.data : { status: res.status, code: 'HTTP_ERROR', detail: JSON.stringify(res.body) };
  }
}
