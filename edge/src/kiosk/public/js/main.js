import { describeOutOfOrder, describeResult } from './describe.js';
import { Entry } from './entry.js';
import { nextLanguage, translator } from './i18n.js';
import { attachKeyboard } from './keyboard.js';
import { renderOutOfOrder, renderResult, summarise } from './screens.js';
import {
  applyAnswer,
  applyStationEvent,
  createState,
  doorsOnResult,
  doorUrgent,
  expire,
  isQrToken,
  openDoors,
  outOfOrderReason,
} from './state.js';
import { listen, submitCode } from './station.js';
import { renderVan } from './van.js';
import { renderDoorReminder, renderHeader, renderNotices, renderPad } from './view.js';

const $ = (id) => document.getElementById(id);
const entry = new Entry();
const state = createState(document.documentElement.lang || 'de', Date.now());

let lastLive = '';
const announce = (text) => {
  if (text === lastLive) return;
  lastLive = text;
  $('live').textContent = text;
};

/**
 * Rebuilds a screen only when its words change: the timer re-renders every second while a door is
 * open, and replacing the "Done" button under a finger would swallow the tap.
 */
const shown = { key: '', outOfOrder: null };
const renderOnce = (section, key, draw) => {
  if (shown.key === key) return;
  shown.key = key;
  draw(section);
};

const render = () => {
  const now = Date.now();
  const t = translator(state.lang);
  const contact = state.status?.contact ?? null;
  const reason = outOfOrderReason(state, now);
  shown.outOfOrder = reason;
  renderHeader(t, state.status);
  $('pad-screen').hidden = reason !== null || state.result !== null;
  $('result-screen').hidden = reason !== null || state.result === null;
  $('out-of-order-screen').hidden = reason === null;
  if (reason !== null) {
    const description = describeOutOfOrder(t, reason, contact);
    renderOnce($('out-of-order-screen'), JSON.stringify(['ooo', description]), (section) =>
      renderOutOfOrder(section, description),
    );
    announce(summarise(description));
  } else if (state.result !== null) {
    const description = describeResult(t, state.result, contact);
    renderOnce($('result-screen'), JSON.stringify(['result', description]), (section) =>
      renderResult(section, description, t('done'), backToPad),
    );
    announce(summarise(description));
  } else {
    shown.key = '';
    announce(renderPad(t, state, entry, now));
    renderVan(t, state.status?.van ?? null);
  }
  const covered = doorsOnResult(state);
  renderDoorReminder(
    t,
    openDoors(state).filter((no) => !covered.includes(no)),
    doorUrgent(state, now),
  );
  renderNotices(t, state.notices);
};

const backToPad = () => {
  state.result = null;
  state.lastActivity = Date.now();
  render();
};

const submit = async () => {
  if (state.sending || entry.isEmpty) return;
  // the keypad back-off holds on the page too; a scanned QR token is never held back
  if (!entry.looksScanned && Date.now() < state.lockedUntil) {
    entry.clear();
    render();
    return;
  }
  const { code, source } = entry.take();
  state.sending = true;
  state.padMessage = null;
  state.result = null;
  render();
  applyAnswer(state, await submitCode(code, source), Date.now(), { qrToken: isQrToken(code) });
  render();
};

/** Any key or tap: a new person may be starting, so an old result gives way to the pad. */
const touched = () => {
  state.lastActivity = Date.now();
  if (state.result !== null && !state.sending) state.result = null;
};

$('keypad').addEventListener('click', (event) => {
  const key = event.target instanceof Element ? event.target.closest('button') : null;
  if (!key || $('keypad').disabled) return;
  touched();
  if (key.dataset.digit !== undefined) entry.tap(key.dataset.digit);
  else if (key.dataset.action === 'delete') entry.backspace();
  else if (key.dataset.action === 'submit') return void submit();
  render();
});

$('language').addEventListener('click', () => {
  state.lang = nextLanguage(state.lang);
  state.lastActivity = Date.now();
  render();
});

const typed = (change) => () => {
  touched();
  change();
  render();
};
attachKeyboard({
  input: $('scan-input'),
  onChar: (char, at) => typed(() => entry.type(char, at))(),
  onBackspace: typed(() => entry.backspace()),
  onClear: typed(() => entry.clear()),
  onEnter: () => void submit(),
});

listen({
  onEvent: (event) => {
    applyStationEvent(state, event, Date.now());
    render();
  },
  onConnection: (connected) => {
    if (connected) state.offlineSince = null;
    else state.offlineSince ??= Date.now();
    render();
  },
});

// Once a second: countdowns, timeouts and the idle reset.
setInterval(() => {
  const now = Date.now();
  const changed = expire(state, entry, now) || outOfOrderReason(state, now) !== shown.outOfOrder;
  const counting = state.result === null && state.lockedUntil > now - 1000;
  if (changed || counting || openDoors(state).length > 0) render();
}, 1000);

render();
