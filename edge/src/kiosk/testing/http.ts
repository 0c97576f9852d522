import type { KioskEvent } from '../schema.js';

export interface JsonAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

/** POST /api/code with any body (tests send malformed ones on purpose). */
export const postCode = async (
  baseUrl: string,
  body: unknown,
  contentType = 'application/json',
): Promise<JsonAnswer> => {
  const response = await fetch(new URL('/api/code', baseUrl), {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.json(),
  };
};

export const getJson = async (baseUrl: string, path: string): Promise<JsonAnswer> => {
  const response = await fetch(new URL(path, baseUrl));
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.json(),
  };
};

/** A client of GET /api/events that collects every event it receives, in order. */
export const openEventStream = async (
  baseUrl: string,
): Promise<{ events: KioskEvent[]; close(): Promise<void> }> => {
  const abort = new AbortController();
  const response = await fetch(new URL('/api/events', baseUrl), { signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
  const events: KioskEvent[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (data) events.push(JSON.parse(data) as KioskEvent);
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return {
    events,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
};
