import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../webhooks/signature.js';

export interface ReceivedWebhook {
  readonly id: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
  readonly signatureValid: boolean;
  readonly attemptHeader: string | undefined;
}

/**
 * A real HTTP server standing in for the marketplace's webhook endpoint. It answers 503 while
 * `failing` is true, verifies every signature, and keeps the deliveries it accepted, deduplicated by
 * event id as a receiver should.
 */
export class WebhookReceiver {
  failing = false;
  /** every request, accepted or not */
  readonly requests: { id: string; status: number }[] = [];
  /** accepted deliveries, first one per event id */
  readonly events: ReceivedWebhook[] = [];
  duplicates = 0;
  private server: Server | undefined;

  constructor(private readonly secret: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void read(req).then((raw) => {
        const body = JSON.parse(raw) as { id: string; type: string };
        const signatureValid = verifyWebhookSignature({
          secret: this.secret,
          body: raw,
          signature: header(req, 'x-regiobox-signature'),
          timestamp: header(req, 'x-regiobox-timestamp'),
        });
        const status = this.failing ? 503 : signatureValid ? 204 : 401;
        this.requests.push({ id: body.id, status });
        if (status === 204) {
          if (this.events.some((e) => e.id === body.id)) this.duplicates++;
          else
            this.events.push({
              id: body.id,
              type: body.type,
              body,
              signatureValid,
              attemptHeader: header(req, 'x-regiobox-delivery-attempt'),
            });
        }
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const read = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
