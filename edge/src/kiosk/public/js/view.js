import { formatWait } from './describe.js';
import { nextLanguage, translator } from './i18n.js';

const $ = (id) => document.getElementById(id);

export const renderHeader = (t, status) => {
  document.documentElement.lang = t.lang;
  document.title = t('documentTitle');
  $('station-name').textContent = status
    ? t('stationLabel', { name: status.station.name })
    : t('documentTitle');
  const other = translator(nextLanguage(t.lang));
  const button = $('language');
  button.textContent = other('languageName');
  button.lang = other.lang;
  button.setAttribute('aria-label', other('switchLanguage'));
};

/** The pad's message: what went wrong with the last code, or the lockout countdown. */
const padMessage = (t, view, now) => {
  if (view.sending) return { title: t('sending'), text: '', tone: 'info' };
  if (now < view.lockedUntil) {
    const wait = t('lockedWait', { time: formatWait(t, view.lockedUntil - now) });
    return { title: t('lockedTitle'), text: `${wait} ${t('lockedScannerStillWorks')}`, tone: 'stop' };
  }
  const message = view.padMessage;
  if (message?.kind === 'wrong') {
    const tries = typeof message.triesLeft === 'number' ? t.plural('triesLeft', message.triesLeft) : '';
    return { title: t('wrongCode'), text: tries, tone: 'stop' };
  }
  if (message?.kind === 'busy') return { title: t('busyTitle'), text: t('busyText'), tone: 'info' };
  if (message?.kind === 'scanWait') return { title: t('busyTitle'), text: t('scanWaitText'), tone: 'info' };
  return { title: '', text: '', tone: 'info' };
};

/** Returns the sentence for the live region. */
export const renderPad = (t, view, entry, now) => {
  $('prompt').textContent = t('prompt');
  $('prompt-scanner').textContent = t('promptScanner');
  const shown = $('entry');
  const digits = entry.display;
  shown.setAttribute('aria-label', t('entryLabel'));
  shown.classList.toggle('is-empty', entry.isEmpty);
  shown.classList.toggle('is-long', (digits ?? '').length > 8);
  const masked = view.status?.maskPin === true && digits !== null ? '•'.repeat(digits.length) : digits;
  shown.textContent = entry.isEmpty ? t('entryEmpty') : (masked ?? t('entryScanning'));
  const locked = now < view.lockedUntil;
  const keypad = $('keypad');
  $('keypad-label').textContent = t('keypadLabel');
  // a disabled fieldset disables every key in it
  keypad.disabled = locked || view.sending;
  for (const key of keypad.querySelectorAll('[data-digit]')) {
    key.setAttribute('aria-label', t('keyDigit', { digit: key.dataset.digit }));
  }
  const del = keypad.querySelector('[data-action="delete"]');
  del.textContent = t('keyDelete');
  del.setAttribute('aria-label', t('keyDeleteLabel'));
  const ok = keypad.querySelector('[data-action="submit"]');
  ok.textContent = t('keyOk');
  ok.setAttribute('aria-label', t('keyOkLabel'));
  const message = padMessage(t, view, now);
  const box = $('pad-message');
  const title = document.createElement('strong');
  title.textContent = message.title;
  box.replaceChildren(...(message.title ? [title, ` ${message.text}`] : []));
  box.className = `pad-message tone-${message.tone}`;
  return `${message.title} ${message.text}`.trim();
};

/** The "please close the door" reminder; urgent once a door has stayed open too long. */
export const renderDoorReminder = (t, openDoors, urgent) => {
  const banner = $('door-reminder');
  banner.hidden = openDoors.length === 0;
  banner.textContent = openDoors.length === 0 ? '' : t.list('closeDoor', openDoors);
  banner.classList.toggle('is-urgent', urgent);
};

/** Rebuilt only when the words change: the box is an alert, and a screen reader repeats every rebuild. */
export const renderNotices = (t, notices) => {
  const box = $('notices');
  const words = JSON.stringify(notices.map((notice) => t(notice.key, { no: notice.no })));
  if (box.dataset.words === words) return;
  box.dataset.words = words;
  const lines = notices.map((notice) => {
    const line = document.createElement('p');
    line.className = 'notice';
    line.textContent = t(notice.key, { no: notice.no });
    return line;
  });
  box.replaceChildren(...lines);
};
