/**
 * What a result screen says, as plain data: a title, cards for opened compartments and sentences.
 * Kept apart from the DOM so that switching the language re-describes the same result.
 */

const HINT_BY_PURPOSE = {
  pickup: 'hintPickup',
  loading: 'hintLoading',
  retrieval: 'hintRetrieval',
  service: 'hintService',
};

/** A location per language, or one for all: this screen's language first, else any there is. */
const localized = (text, lang) => {
  if (text === null || text === undefined || typeof text === 'string') return text ?? null;
  return text[lang] ?? Object.values(text).find((v) => typeof v === 'string') ?? null;
};

const contactLines = (t, contact) => (contact ? [t('contact', { contact })] : []);

const afterClose = (t, result) => {
  const { outcome, states } = result;
  if (outcome.purpose === 'pickup') return [t('doorsClosedThanks')];
  if (outcome.purpose !== 'loading') return [t('doorClosed')];
  const nos = outcome.compartments.map((c) => c.no);
  const notLoaded = nos.filter((no) => states.get(no) !== 'loaded');
  const loaded = nos.filter((no) => states.get(no) === 'loaded');
  return [
    ...(loaded.length > 0 ? [t.list('loaded', loaded)] : []),
    ...notLoaded.map((no) => t('loadNotRegistered', { no })),
  ];
};

const describeOpened = (t, result, contact) => {
  const { outcome } = result;
  const nos = outcome.compartments.map((c) => c.no);
  const allClosed = nos.every((no) => result.closed.has(no));
  const lines = allClosed ? afterClose(t, result) : [t(HINT_BY_PURPOSE[outcome.purpose] ?? 'hintPickup')];
  const loadedAll = outcome.purpose === 'loading' && nos.every((no) => result.states.get(no) === 'loaded');
  const notOpened = outcome.notOpened.map((c) =>
    c.reason === 'COOLING_DOWN'
      ? t('notOpenedResting', { no: c.no, time: formatWait(t, c.retryAfterMs ?? 0) })
      : t('notOpened', { no: c.no }),
  );
  const missing = outcome.missing.map((p) =>
    t(p.state === 'held' ? 'missingHeld' : 'missingReserved', { producer: p.producer }),
  );
  return {
    tone: allClosed && outcome.purpose === 'loading' && !loadedAll ? 'stop' : 'ok',
    title: allClosed && loadedAll ? t.list('loaded', nos) : t.list('opened', nos),
    cards: outcome.compartments.map((c) => ({
      label: t('compartment', { no: c.no }),
      no: c.no,
      location: localized(c.location, t.lang),
      closed: result.closed.has(c.no),
      stuck: c.outcome === 'unknown' ? t('doorMayBeStuck') : null,
    })),
    lines: allClosed && loadedAll ? [] : lines,
    notes: [...notOpened, ...(notOpened.length > 0 ? contactLines(t, contact) : [])],
    missingTitle: missing.length > 0 ? t('missingTitle') : null,
    missing,
  };
};

const REFUSALS = {
  EXPIRED: (t, contact) => [
    'expiredTitle',
    [t('expiredText'), ...contactLines(t, contact), t('expiredProducer')],
  ],
  NOTHING_TO_OPEN: (t, contact, result) => {
    const missing = result.missing ?? [];
    if (missing.length === 0) return ['nothingTitle', [t('nothingText')]];
    // the goods exist: the customer learns which are not ready and why, and that the code stays valid
    const lines = missing.map((p) =>
      t(p.state === 'held' ? 'missingHeld' : 'missingReserved', { producer: p.producer }),
    );
    const held = missing.some((p) => p.state === 'held');
    return ['notReadyTitle', [...lines, t('notReadyCodeValid'), ...(held ? contactLines(t, contact) : [])]];
  },
  DOOR_COOLING_DOWN: (t, _contact, result) => [
    'restingTitle',
    [t('restingWait', { time: formatWait(t, result.retryAfterMs ?? 0) }), t('restingCodeValid')],
  ],
  BOARD_UNREACHABLE: (t, contact) => [
    'outOfOrderTitle',
    [t('outOfOrderBoard'), t('outOfOrderCodeValid'), ...contactLines(t, contact)],
  ],
  OUT_OF_SERVICE: (t, contact) => [
    'outOfOrderTitle',
    [t('outOfOrderCodeValid'), ...contactLines(t, contact)],
  ],
  STORAGE_FAULT: (t, contact) => [
    'outOfOrderTitle',
    [t('outOfOrderStorage'), t('outOfOrderCodeValid'), ...contactLines(t, contact)],
  ],
  OFFLINE: (t) => ['outOfOrderTitle', [t('outOfOrderOffline'), t('outOfOrderCodeValid')]],
  WRONG_STOP: (t, _contact, result) => {
    const stop = result.stop;
    if (!stop) return ['errorTitle', [t('errorText')]];
    const where = t('wrongStopWhere', {
      name: stop.name,
      day: formatDay(t, stop.from),
      from: formatTime(t, stop.from),
      to: formatTime(t, stop.to),
    });
    return [`wrongStopTitle_${stop.why}`, [where, t('wrongStopCodeValid')]];
  },
  ERROR: (t) => ['errorTitle', [t('errorText')]],
};

const LOCALES = { de: 'de-DE', en: 'en-GB' };

/** "Di., 8. Dez." / "Tue 8 Dec", in the van's own time zone (the kiosk runs on the van). */
export const formatDay = (t, iso) =>
  new Date(iso).toLocaleDateString(LOCALES[t.lang] ?? 'de-DE', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });

/** "10:30" */
export const formatTime = (t, iso) =>
  new Date(iso).toLocaleTimeString(LOCALES[t.lang] ?? 'de-DE', { hour: '2-digit', minute: '2-digit' });

/** `result` is `{ kind: 'opened', outcome, closed, states }` or `{ kind: 'refused', reason }`. */
export const describeResult = (t, result, contact) => {
  if (result.kind === 'opened') return describeOpened(t, result, contact);
  const [titleKey, lines] = (REFUSALS[result.reason] ?? REFUSALS.ERROR)(t, contact, result);
  return { tone: 'stop', title: t(titleKey), cards: [], lines, notes: [], missingTitle: null, missing: [] };
};

/** The out-of-order screen for a status reason, or for a lost connection to the station. */
export const describeOutOfOrder = (t, reason, contact) => {
  const cause = {
    BOARD_UNREACHABLE: 'outOfOrderBoard',
    STORAGE_FAULT: 'outOfOrderStorage',
    OFFLINE: 'outOfOrderOffline',
  }[reason];
  return {
    title: t('outOfOrderTitle'),
    lines: [
      ...(cause ? [t(cause)] : []),
      t('outOfOrderCodeValid'),
      ...contactLines(t, contact),
      t('outOfOrderHeals'),
    ],
  };
};

/** "45 Sekunden" below two minutes, "2:05 Minuten" above. */
export const formatWait = (t, ms) => {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total < 120) return t.plural('seconds', total);
  const seconds = String(total % 60).padStart(2, '0');
  return t('minutes', { time: `${Math.floor(total / 60)}:${seconds}` });
};
