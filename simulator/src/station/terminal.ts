import { z } from 'zod';

/** What the station answers to a code, as the kiosk's `POST /api/code` returns it (edge's CodeOutcome). */
export const TerminalOutcome = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    purpose: z.enum(['pickup', 'loading', 'retrieval', 'service']),
    orderId: z.string().nullable(),
    compartments: z.array(z.object({ no: z.number().int(), outcome: z.enum(['confirmed', 'unknown']) })),
    message: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.string(),
    triesLeft: z.number().optional(),
    retryAfterMs: z.number().optional(),
    message: z.string(),
  }),
]);
export type TerminalOutcome = z.infer<typeof TerminalOutcome>;

export type CodeSource = 'keypad' | 'scanner';

/** Where a person at the station types or scans a code. */
export interface StationTerminal {
  enterCode(code: string, source: CodeSource): Promise<TerminalOutcome>;
}

export class TerminalError extends Error {
  readonly code = 'TERMINAL_UNREACHABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

/** The kiosk page's HTTP API: the path a real customer's keypress takes. */
export class KioskTerminal implements StationTerminal {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async enterCode(code: string, source: CodeSource): Promise<TerminalOutcome> {
    let response: Response;
    try {
      response = await fetch(new URL('api/code', this.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, source }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new TerminalError(`the kiosk at ${this.url} did not answer`, { cause });
    }
    const body: unknown = await response.json().catch(() => null);
    const parsed = TerminalOutcome.safeParse(body);
    if (!response.ok || !parsed.success)
      throw new TerminalError(`the kiosk answered ${response.status} with ${JSON.stringify(body)}`);
    return parsed.data;
  }
}

/** The station service in-process (a headless station without a kiosk page). */
export class ServiceTerminal implements StationTerminal {
  constructor(private readonly service: { submitCode(code: string, source: CodeSource): Promise<unknown> }) {}

  async enterCode(code: string, source: CodeSource): Promise<TerminalOutcome> {
    return TerminalOutcome.parse(await this.service.submitCode(code, source));
  }
}
