import { createHmac, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export const Webhook = z.object({
  id: z.string(),
  type: z.string(),
  stationId: z.string(),
  occurredAt: z.string(),
  seq: z.number().int().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type Webhook = z.infer<typeof Webhook>;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** The bridge's scheme: `sha256=<hex HMAC-SHA256 of "<unix seconds>.<body>">`. */
const authentic = (secret: string, body: string, signature?: string, timestamp?: string): boolean => {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/**
 * The marketplace's webhook endpoint: verifies each delivery's signature, answers 204, drops
 * redeliveries by event id (delivery is at least once) and tells listeners about each event once.
 */
export class WebhookInbox extends EventEmitter<{ event: [Webhook] }> {
  private readonly seen = new Map<string, Webhook>();
  private server: Server | null = null;
  deliveries = 0;
  duplicates = 0;
  rejected = 0;
  private url_ = '';

  constructor(readonly secret: string) {
    super();
  }

  get url(): string {
    return this.url_;
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      void readBody(req)
        .then((body) => {
          const sig = req.headers['x-regiobox-signature'];
          const ts = req.headers['x-regiobox-timestamp'];
          const parsed = Webhook.safeParse(JSON.parse(body || 'null'));
          if (!authentic(this.secret, body, String(sig ?? ''), String(ts ?? '')) || !parsed.success) {
            this.rejected += 1;
            res.writeHead(401).end();
            return;
          }
          this.deliveries += 1;
          res.writeHead(204).end();
          if (this.seen.has(parsed.data.id)) {
            this.duplicates += 1;
            return;
          }
          this.seen.set(parsed.data.id, parsed.data);
          this.emit('event', parsed.data);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(400).end();
        });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url_ = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
    return this.url_;
  }

  /** Each distinct event, in the order it first arrived. */
  events(): Webhook[] {
    return [...this.seen.values()];
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
