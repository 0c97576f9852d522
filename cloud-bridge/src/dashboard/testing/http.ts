/** Small HTTP helpers for the dashboard's tests: a browser's requests, made with fetch. */

export const formPost = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', headers });

/** Logs in and returns the session cookie as a browser would send it back (`name=value`). */
export const login = async (baseUrl: string, name: string, password: string): Promise<string> => {
  const response = await formPost(`${baseUrl}/dashboard/login`, { name, password, next: '/dashboard' });
  const cookie = response.headers.getSetCookie()[0];
  if (response.status !== 303 || !cookie) throw new Error(`login failed with ${response.status}`);
  return cookie.split(';')[0] ?? '';
};

export const get = (url: string, cookie?: string) =>
  fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });

export const postJson = (url: string, body: unknown, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(body),
  });

export interface ServerSentEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Reads a server-sent event stream as the browser's EventSource would, collecting events into
 * `events` until `close()` is called or the server ends the stream.
 */
export const openStream = async (url: string, cookie: string) => {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: ServerSentEvent[] = [];
  let ended = false;
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let split = buffer.indexOf('\n\n');
        while (split >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          split = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    }
    ended = true;
  })();
  return {
    response,
    events,
    ended: () => ended,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
};
