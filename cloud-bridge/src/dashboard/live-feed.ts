import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { FleetChange } from '../fleet/changes.js';
import type { FleetStore } from '../store/fleet-store.js';
import type { Access } from './access.js';
import { SECURITY_HEADERS } from './pages.js';
import type { SessionTokens } from './session.js';
import { alarmView, type StationLabels, stationSummaryView } from './views.js';

/** Structurally `FleetChanges` from the ingest. */
export interface FleetChangeSource {
  subscribe(listener: (change: FleetChange) => void): () => void;
}

export interface LiveFeedOptions {
  readonly store: FleetStore;
  readonly changes: FleetChangeSource;
  readonly tokens: SessionTokens;
  readonly labels: StationLabels;
  readonly logger: FastifyBaseLogger;
  /** a comment line this often keeps proxies from closing the stream and finds ended sessions */
  readonly heartbeatMs?: number;
  /** telemetry of one station arrives in bursts: its summary is sent once per this window */
  readonly coalesceMs?: number;
}

interface Client {
  readonly token: string;
  /** an operator's stream carries only the stations of its groups */
  readonly access: Access;
}

const frame = (type: string, data: unknown): string => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Server-sent events for the dashboard pages: `alarm` (the alarm as it is now), `station` (its
 * summary), `event` (a new history entry). Each carries the current state, so a page never has to
 * reload; a page that reconnects reloads its data once, because it may have missed changes.
 */
export class LiveFeed {
  private readonly clients = new Map<ServerResponse, Client>();
  private readonly pendingStations = new Set<string>();
  private readonly log: FastifyBaseLogger;
  private heartbeat: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  // Sends run one after another, so an older snapshot never overtakes a newer one.
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: LiveFeedOptions) {
    this.log = o.logger.child({ component: 'dashboard-live' });
  }

  get size(): number {
    return this.clients.size;
  }

  start(): void {
    this.unsubscribe = this.o.changes.subscribe((change) => this.onChange(change));
    this.heartbeat = setInterval(() => this.beat(), this.o.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  attach(request: FastifyRequest, reply: FastifyReply, token: string, access: Access): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and similar proxies would otherwise hold the events back in their buffers
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    res.write(frame('hello', { operator: access.operator }));
    this.clients.set(res, { token, access });
    request.raw.on('close', () => this.clients.delete(res));
  }

  close(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    this.unsubscribe?.();
    for (const res of this.clients.keys()) res.end();
    this.clients.clear();
  }

  private onChange(change: FleetChange): void {
    if (this.clients.size === 0) return;
    if (change.kind === 'alarm') {
      const { stationId, alarmId, type } = change;
      this.enqueue(async () => {
        const found = (await this.o.store.findAlarms(alarmId)).find((a) => a.stationId === stationId);
        this.broadcast(stationId, 'alarm', {
          type,
          stationId,
          alarmId,
          alarm: found ? alarmView(found, this.o.labels) : null,
        });
      });
    } else if (change.kind === 'event') {
      const { stationId, eventId, type } = change;
      this.broadcast(stationId, 'event', { stationId, eventId, type });
    }
    this.pendingStations.add(change.stationId);
    this.flushTimer ??= setTimeout(() => this.flush(), this.o.coalesceMs ?? 250);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const stations = [...this.pendingStations];
    this.pendingStations.clear();
    this.enqueue(async () => {
      for (const stationId of stations) {
        const s = await this.o.store.getStation(stationId);
        if (s) this.broadcast(stationId, 'station', { station: stationSummaryView(s, this.o.labels) });
      }
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => this.log.error({ err }, 'live update failed'));
  }

  private broadcast(stationId: string, type: string, data: unknown): void {
    this.write(frame(type, data), (client) => client.access.sees(stationId));
  }

  /** Keeps streams alive, and ends those whose session expired or was logged out. */
  private beat(): void {
    for (const [res, client] of this.clients) {
      if (this.o.tokens.verify(client.token)) continue;
      res.end(frame('session-ended', {}));
      this.clients.delete(res);
    }
    this.write(': keep-alive\n\n');
  }

  private write(chunk: string, to: (client: Client) => boolean = () => true): void {
    for (const [res, client] of this.clients) {
      if (res.writableEnded || res.destroyed) {
        this.clients.delete(res);
        continue;
      }
      if (to(client)) res.write(chunk);
    }
  }
}
