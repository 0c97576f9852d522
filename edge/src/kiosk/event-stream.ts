import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { KioskEvent } from './schema.js';

const format = (event: KioskEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Server-sent events to the kiosk page(s). Usually one client (the station's own browser); a comment
 * line every `heartbeatMs` keeps the connection alive and lets a dead client be noticed and dropped.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    heartbeatMs = 15_000,
  ) {
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over the response; `first` is sent before anything else so the page starts from a whole picture. */
  attach(request: FastifyRequest, reply: FastifyReply, first: readonly KioskEvent[]): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    // The browser reconnects by itself after this many milliseconds when the stream breaks.
    res.write('retry: 2000\n\n');
    for (const event of first) res.write(format(event));
    this.clients.add(res);
    request.raw.on('close', () => this.clients.delete(res));
    this.logger.debug({ clients: this.clients.size }, 'kiosk event stream opened');
  }

  send(event: KioskEvent): void {
    this.write(format(event));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (res.writableEnded || res.destroyed) {
        this.clients.delete(res);
        continue;
      }
      res.write(chunk);
    }
  }
}
