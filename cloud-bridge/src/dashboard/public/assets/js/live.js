import { getJson, toLogin } from './api.js';

const LABELS = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' };

const showState = (state) => {
  for (const el of document.querySelectorAll('[data-live]')) {
    el.dataset.live = state;
    const text = el.querySelector('.live-text');
    if (text) text.textContent = LABELS[state];
  }
};

/**
 * Subscribes to the dashboard's server-sent events. `handlers` maps event names (`alarm`,
 * `station`, `event`) to functions; `resync` runs whenever the stream (re)connects, because changes
 * made while it was down were not sent.
 */
export const connectLive = (handlers, resync) => {
  const source = new EventSource('/dashboard/api/stream');
  source.addEventListener('hello', () => {
    showState('live');
    // Also on the first connection: whatever changed between the page's first load and now.
    resync();
  });
  for (const [name, handle] of Object.entries(handlers)) {
    source.addEventListener(name, (message) => handle(JSON.parse(message.data)));
  }
  source.addEventListener('session-ended', () => {
    source.close();
    toLogin();
  });
  source.addEventListener('error', () => {
    showState('reconnecting');
    // EventSource retries on network errors by itself but gives up on an HTTP error such as 401.
    if (source.readyState === EventSource.CLOSED) {
      getJson('/dashboard/api/me').then(
        () => setTimeout(() => connectLive(handlers, resync), 2000),
        () => {},
      );
    }
  });
  return source;
};
