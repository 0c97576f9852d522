import { describeOutOfOrder, describeResult } from './describe.js';
import { Entry } from './entry.js';
import { nextLanguage, translator } from './i18n.js';
import { attachKeyboard } from './keyboard.js';
import { renderOutOfOrder, renderResult, summarise } from './screens.js';
import { listen, submitCode } from './station.js';
import { renderDoorReminder, renderHeader, renderNotices, renderPad } from './view.js';

const DEFAULT_LANGUAGE = document.documentElement.lang || 'de';
const RESULT_MS = 60_000; // a result stays this long unless the customer taps "Done"
const AFTER_CLOSE_MS = 8_000; // "thank you" after the door closed, then back to the pad
const IDLE_MS = 60_000; // a half-typed code and a switched language are reset for the next person
const NOTICE_MS = 30_000;
const OFFLINE_GRACE_MS = 5_000; // EventSource reconnects in 2 s; only a longer gap is shown
const URGENT_DOOR_MS = 60_000;

const $ = (id) => document.getElementById(id);
const entry = new Entry();
const view = {
  lang: DEFAULT_LANGUAGE,
  status: null,
  offlineSince: null,
  sending: false,
  padMessage: null,
  lockedUntil: 0,
  result: null,
  resultUntil: 0,
  notices: [],
  doorOpenSince: new Map(),
  lastActivity: Date.now(),
  shownOutOfOrder: null,
};

const outOfOrderReason = (now) => {
  if (view.offlineSince !== null && now - view.offlineSince > OFFLINE_GRACE_MS) return 'OFFLINE';
  return view.status?.outOfService?.reason ?? null;
};

let lastLive = '';
const announce = (text) => {
  if (text === lastLive) return;
  lastLive = text;
  $('live').textContent = text;
};

const openDoors = () => view.status?.openDoors ?? [];
const doorUrgent = (now) => [...view.doorOpenSince.values()].some((since) => now - since > URGENT_DOOR_MS);

const render = () => {
  const now = Date.now();
  const t = translator(view.lang);
  const contact = view.status?.contact ?? null;
  const reason = outOfOrderReason(now);
  view.shownOutOfOrder = reason;
  renderHeader(t, view.status);
  $('pad-screen').hidden = reason !== null || view.result !== null;
  $('result-screen').hidden = reason !== null || view.result === null;
  $('out-of-order-screen').hidden = reason === null;
  if (reason !== null) {
    const description = describeOutOfOrder(t, reason, contact);
    renderOutOfOrder($('out-of-order-screen'), description);
    announce(summarise(description));
  } else if (view.result !== null) {
    const description = describeResult(t, view.result, contact);
    renderResult($('result-screen'), description, t('done'), backToPad);
    announce(summarise(description));
  } else {
    announce(renderPad(t, view, entry, now));
  }
  // the result screen already asks to close the doors it just opened
  const covered = view.result?.kind === 'opened' ? view.result.outcome.compartments.map((c) => c.no) : [];
  renderDoorReminder(
    t,
    openDoors().filter((no) => !covered.includes(no)),
    doorUrgent(now),
  );
  renderNotices(t, view.notices);
};

const backToPad = () => {
  view.result = null;
  view.lastActivity = Date.now();
  render();
};

const REFUSED_ON_PAD = new Set(['WRONG_CODE', 'LOCKED_OUT', 'BUSY']);

const applyOutcome = (outcome, now) => {
  if (outcome.ok) {
    view.result = { kind: 'opened', outcome, closed: new Set(), states: new Map() };
    view.resultUntil = now + RESULT_MS;
    return;
  }
  if (typeof outcome.retryAfterMs === 'number') view.lockedUntil = now + outcome.retryAfterMs;
  if (REFUSED_ON_PAD.has(outcome.reason)) {
    view.padMessage =
      outcome.reason === 'WRONG_CODE' ? { kind: 'wrong', triesLeft: outcome.triesLeft } : { kind: 'busy' };
    if (outcome.reason === 'LOCKED_OUT') view.padMessage = null;
    return;
  }
  view.result = { kind: 'refused', reason: outcome.reason };
  view.resultUntil = now + RESULT_MS / 2;
};

const submit = async () => {
  if (view.sending || entry.isEmpty) return;
  const now = Date.now();
  if (!entry.looksScanned && now < view.lockedUntil) {
    entry.clear();
    render();
    return;
  }
  const { code, source } = entry.take();
  view.sending = true;
  view.padMessage = null;
  view.result = null;
  render();
  const answer = await submitCode(code, source);
  view.sending = false;
  const at = Date.now();
  if (answer.kind === 'outcome') applyOutcome(answer.outcome, at);
  else {
    const reason =
      answer.kind === 'offline'
        ? 'OFFLINE'
        : answer.problem.code === 'STORAGE_FAULT'
          ? 'STORAGE_FAULT'
          : 'ERROR';
    view.result = { kind: 'refused', reason };
    view.resultUntil = at + RESULT_MS / 2;
  }
  render();
};

/** Any key or tap: a new person may be starting, so an old result gives way to the pad. */
const touched = () => {
  view.lastActivity = Date.now();
  if (view.result !== null && !view.sending) view.result = null;
};

const onStationEvent = (event) => {
  const now = Date.now();
  if (event.type === 'status') {
    view.status = event.status;
    for (const no of [...view.doorOpenSince.keys()])
      if (!event.status.openDoors.includes(no)) view.doorOpenSince.delete(no);
    for (const no of event.status.openDoors) if (!view.doorOpenSince.has(no)) view.doorOpenSince.set(no, now);
  } else if (event.type === 'door') {
    const result = view.result;
    if (result?.kind === 'opened' && result.outcome.compartments.some((c) => c.no === event.compartment)) {
      if (event.open) result.closed.delete(event.compartment);
      else {
        result.closed.add(event.compartment);
        result.states.set(event.compartment, event.state);
      }
      if (result.outcome.compartments.every((c) => result.closed.has(c.no)))
        view.resultUntil = now + AFTER_CLOSE_MS;
    }
  } else {
    const key =
      event.type === 'unlock_not_used' ? 'unlockNotUsed' : event.goodsInside ? 'goodsInside' : 'goodsMissing';
    view.notices = [
      ...view.notices.filter((n) => n.no !== event.compartment),
      { key, no: event.compartment, until: now + NOTICE_MS },
    ];
    // the result screen would still say "open" for a door that locked again unused
    if (event.type === 'unlock_not_used' && view.result?.kind === 'opened') view.result = null;
  }
  render();
};

/** Once a second: countdowns, timeouts, idle reset; re-renders only what changed. */
const tick = () => {
  const now = Date.now();
  let changed = outOfOrderReason(now) !== view.shownOutOfOrder;
  const loadingDoorOpen =
    view.result?.kind === 'opened' &&
    view.result.outcome.purpose === 'loading' &&
    view.result.outcome.compartments.some((c) => openDoors().includes(c.no));
  if (view.result !== null && now > view.resultUntil && !loadingDoorOpen) {
    view.result = null;
    changed = true;
  }
  const expired = view.notices.filter((n) => n.until > now);
  if (expired.length !== view.notices.length) {
    view.notices = expired;
    changed = true;
  }
  const idle = now - view.lastActivity > IDLE_MS && view.result === null;
  if (idle && (!entry.isEmpty || view.lang !== DEFAULT_LANGUAGE || view.padMessage !== null)) {
    entry.clear();
    view.lang = DEFAULT_LANGUAGE;
    view.padMessage = null;
    changed = true;
  }
  if (changed || (view.result === null && view.lockedUntil > now - 1000) || openDoors().length > 0) render();
};

$('keypad').addEventListener('click', (event) => {
  const key = event.target instanceof Element ? event.target.closest('button') : null;
  if (!key || key.disabled || $('keypad').disabled) return;
  touched();
  if (key.dataset.digit !== undefined) entry.tap(key.dataset.digit);
  else if (key.dataset.action === 'delete') entry.backspace();
  else if (key.dataset.action === 'submit') return void submit();
  render();
});
$('language').addEventListener('click', () => {
  view.lang = nextLanguage(view.lang);
  view.lastActivity = Date.now();
  render();
});
attachKeyboard({
  input: $('scan-input'),
  onChar: (char, at) => {
    touched();
    entry.type(char, at);
    render();
  },
  onBackspace: () => {
    touched();
    entry.backspace();
    render();
  },
  onClear: () => {
    touched();
    entry.clear();
    render();
  },
  onEnter: () => void submit(),
});
listen({
  onEvent: (event) => {
    view.offlineSince = null;
    onStationEvent(event);
  },
  onConnection: (connected) => {
    if (connected) view.offlineSince = null;
    else view.offlineSince ??= Date.now();
    render();
  },
});
setInterval(tick, 1000);
render();
