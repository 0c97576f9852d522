/**
 * The page's only contact with the world: the station's local API on the same origin.
 * Every call resolves (never throws), so a broken connection becomes a screen, not a frozen page.
 */

/** @returns {Promise<{kind:'outcome', outcome:object} | {kind:'problem', problem:object} | {kind:'offline'}>} */
export const submitCode = async (code, source) => {
  let response;
  try {
    response = await fetch('/api/code', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, source }),
    });
  } catch {
    return { kind: 'offline' };
  }
  const body = await response.json().catch(() => null);
  if (response.ok && body) return { kind: 'outcome', outcome: body };
  return { kind: 'problem', problem: body ?? { code: 'INTERNAL', status: response.status } };
};

/**
 * Live status and notices. EventSource reconnects by itself; `onConnection(false)` tells the page
 * that it is showing stale information meanwhile.
 */
export const listen = ({ onEvent, onConnection }) => {
  const source = new EventSource('/api/events');
  for (const type of ['status', 'door', 'unlock_not_used', 'occupancy_mismatch']) {
    source.addEventListener(type, (message) => {
      try {
        onEvent(JSON.parse(message.data));
      } catch {
        // a garbled event must not stop the page; the next status repairs the view
      }
    });
  }
  source.addEventListener('open', () => onConnection(true));
  source.addEventListener('error', () => onConnection(false));
  return () => source.close();
};
