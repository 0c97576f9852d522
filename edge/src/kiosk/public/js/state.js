/**
 * The page's state and how answers, station events and time change it. No DOM here: main.js renders
 * whatever this says, so every screen follows from the state and the language alone.
 */
const RESULT_MS = 60_000; // a result stays this long unless the customer taps "Done"
const REFUSAL_MS = 30_000;
const AFTER_CLOSE_MS = 8_000; // "thank you" after the door closed, then back to the pad
const IDLE_MS = 60_000; // a half-typed code and a switched language are reset for the next person
const NOTICE_MS = 30_000;
const OFFLINE_GRACE_MS = 5_000; // EventSource reconnects in 2 s; only a longer gap is shown
const URGENT_DOOR_MS = 60_000;

export const createState = (lang, now) => ({
  defaultLang: lang,
  lang,
  status: null,
  offlineSince: null,
  sending: false,
  /** { kind: 'wrong', triesLeft } | { kind: 'busy' } | { kind: 'scanWait' } | null, shown on the pad */
  padMessage: null,
  lockedUntil: 0,
  /** { kind: 'opened', outcome, closed: Set, states: Map } | { kind: 'refused', reason, retryAfterMs?, missing? } | null */
  result: null,
  resultUntil: 0,
  notices: [],
  doorOpenSince: new Map(),
  lastActivity: now,
});

export const outOfOrderReason = (state, now) => {
  if (state.offlineSince !== null && now - state.offlineSince > OFFLINE_GRACE_MS) return 'OFFLINE';
  return state.status?.outOfService?.reason ?? null;
};

export const openDoors = (state) => state.status?.openDoors ?? [];

export const doorUrgent = (state, now) =>
  [...state.doorOpenSince.values()].some((since) => now - since > URGENT_DOOR_MS);

/** Doors the result screen already asks to close; the reminder bar leaves them out. */
export const doorsOnResult = (state) =>
  state.result?.kind === 'opened' ? state.result.outcome.compartments.map((c) => c.no) : [];

const REFUSED_ON_PAD = new Set(['WRONG_CODE', 'LOCKED_OUT', 'BUSY']);

const refuse = (state, reason, now, retryAfterMs, missing) => {
  state.result = {
    kind: 'refused',
    reason,
    ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
    ...(Array.isArray(missing) && missing.length > 0 ? { missing } : {}),
  };
  // a wait ends with the pad back, ready for the code again
  state.resultUntil =
    now +
    (typeof retryAfterMs === 'number' ? Math.min(REFUSAL_MS, Math.max(3_000, retryAfterMs)) : REFUSAL_MS);
};

/** As the station tells a QR token from a typed code (edge/src/domain/codes.ts): by its length. */
export const isQrToken = (code) => code.replace(/\D/g, '').length >= 20;

/** The station's answer to a code (see station.js submitCode); `entered.qrToken` for a scanned token. */
export const applyAnswer = (state, answer, now, entered = {}) => {
  state.sending = false;
  if (answer.kind === 'offline') return refuse(state, 'OFFLINE', now);
  if (answer.kind === 'problem')
    return refuse(state, answer.problem.code === 'STORAGE_FAULT' ? 'STORAGE_FAULT' : 'ERROR', now);
  const outcome = answer.outcome;
  if (outcome.ok) {
    state.result = { kind: 'opened', outcome, closed: new Set(), states: new Map() };
    state.resultUntil = now + RESULT_MS;
    return;
  }
  // the token throttle holds back QR tokens for a second; the keypad is not locked by it
  if (outcome.reason === 'LOCKED_OUT' && entered.qrToken) {
    state.padMessage = { kind: 'scanWait' };
    return;
  }
  // a van's customer too early or at the wrong stop: where and when the van will be
  if (outcome.reason === 'WRONG_STOP') {
    refuse(state, outcome.reason, now);
    state.result.stop = outcome.stop;
    return;
  }
  // a resting door is that door's wait, not the keypad's: other customers may open theirs
  if (outcome.reason === 'DOOR_COOLING_DOWN') return refuse(state, outcome.reason, now, outcome.retryAfterMs);
  if (typeof outcome.retryAfterMs === 'number') state.lockedUntil = now + outcome.retryAfterMs;
  if (!REFUSED_ON_PAD.has(outcome.reason))
    return refuse(state, outcome.reason, now, undefined, outcome.missing);
  if (outcome.reason === 'WRONG_CODE') state.padMessage = { kind: 'wrong', triesLeft: outcome.triesLeft };
  else if (outcome.reason === 'BUSY') state.padMessage = { kind: 'busy' };
};

const onDoor = (state, event, now) => {
  const result = state.result;
  if (result?.kind !== 'opened' || !result.outcome.compartments.some((c) => c.no === event.compartment))
    return;
  if (event.open) result.closed.delete(event.compartment);
  else {
    result.closed.add(event.compartment);
    result.states.set(event.compartment, event.state);
  }
  if (result.outcome.compartments.every((c) => result.closed.has(c.no)))
    state.resultUntil = now + AFTER_CLOSE_MS;
};

const NOTICE_KEY = {
  unlock_not_used: () => 'unlockNotUsed',
  occupancy_mismatch: (event) => (event.goodsInside ? 'goodsInside' : 'goodsMissing'),
};

/** A server-sent event (see the kiosk's schema.ts KioskEvent). */
export const applyStationEvent = (state, event, now) => {
  state.offlineSince = null;
  if (event.type === 'status') {
    state.status = event.status;
    const open = event.status.openDoors;
    for (const no of [...state.doorOpenSince.keys()]) if (!open.includes(no)) state.doorOpenSince.delete(no);
    for (const no of open) if (!state.doorOpenSince.has(no)) state.doorOpenSince.set(no, now);
    return;
  }
  if (event.type === 'door') return onDoor(state, event, now);
  const key = NOTICE_KEY[event.type]?.(event);
  if (!key) return;
  const others = state.notices.filter((n) => n.no !== event.compartment);
  state.notices = [...others, { key, no: event.compartment, until: now + NOTICE_MS }];
  // the result screen must not keep saying "open" about a door that locked again unused
  if (event.type === 'unlock_not_used' && doorsOnResult(state).includes(event.compartment))
    state.result = null;
};

/** Timeouts; returns true when something on screen changes. */
export const expire = (state, entry, now) => {
  let changed = false;
  const loadingDoorOpen =
    state.result?.kind === 'opened' &&
    state.result.outcome.purpose === 'loading' &&
    doorsOnResult(state).some((no) => openDoors(state).includes(no));
  // a producer's screen waits for the door: closing it is what confirms the load
  if (state.result !== null && now > state.resultUntil && !loadingDoorOpen) {
    state.result = null;
    changed = true;
  }
  // the countdown is over: "wrong code" from before it would only confuse the next try
  if (state.lockedUntil !== 0 && now >= state.lockedUntil) {
    state.lockedUntil = 0;
    state.padMessage = null;
    changed = true;
  }
  const current = state.notices.filter((n) => n.until > now);
  if (current.length !== state.notices.length) {
    state.notices = current;
    changed = true;
  }
  const idle = now - state.lastActivity > IDLE_MS && state.result === null;
  if (idle && (!entry.isEmpty || state.lang !== state.defaultLang || state.padMessage !== null)) {
    entry.clear();
    state.lang = state.defaultLang;
    state.padMessage = null;
    changed = true;
  }
  return changed;
};
