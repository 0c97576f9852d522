import { z } from 'zod';
import { type CodeSource, TerminalError } from './terminal.js';

/** What the staff page's `POST /counter/api/code` answers (edge's CounterLookup), as far as the actors need it. */
export const CounterLookup = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    ticket: z.string(),
    purpose: z.enum(['pickup', 'loading', 'retrieval']),
    orderId: z.string(),
    parcels: z.array(z.object({ parcelId: z.string(), place: z.number().int() })),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.string(),
    message: z.string(),
    retryAfterMs: z.number().optional(),
  }),
]);
export type CounterLookup = z.infer<typeof CounterLookup>;

export interface StaffLogin {
  readonly id: string;
  readonly name: string;
  readonly password: string;
}

/**
 * One member of the shop's staff at the counter's tablet: logs in on the staff page (again after a
 * restart of the station), looks codes up, hands parcels over and books deliveries, through the same
 * HTTP API as the page in the browser.
 */
export class CounterTerminal {
  private cookie: string | null = null;

  constructor(
    /** the staff page, e.g. http://127.0.0.1:40123/counter/ */
    readonly url: string,
    readonly staff: StaffLogin,
    private readonly timeoutMs = 15_000,
  ) {}

  lookUp(code: string, source: CodeSource): Promise<CounterLookup> {
    return this.call('code', { code, source }).then((body) => CounterLookup.parse(body));
  }

  async handOver(ticket: string, parcelId: string): Promise<boolean> {
    return (await this.call('hand-over', { ticket, parcelId })).ok === true;
  }

  async book(ticket: string, parcelId: string, place: number): Promise<boolean> {
    return (await this.call('book', { ticket, parcelId, place })).ok === true;
  }

  private async call(path: string, body: unknown, again = true): Promise<{ ok?: unknown }> {
    if (this.cookie === null) await this.login();
    const res = await this.post(path, body);
    if (res.status === 401 && again) {
      this.cookie = null;
      return this.call(path, body, false);
    }
    return (await res.json().catch(() => ({}))) as { ok?: unknown };
  }

  private async login(): Promise<void> {
    const res = await this.post('login', { staff: this.staff.id, password: this.staff.password });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!res.ok || !cookie)
      throw new TerminalError(`${this.staff.name} could not log in at ${this.url} (${res.status})`);
    this.cookie = cookie;
  }

  private async post(path: string, body: unknown): Promise<Response> {
    try {
      return await fetch(new URL(`api/${path}`, this.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new TerminalError(`the counter at ${this.url} did not answer`, { cause });
    }
  }
}
