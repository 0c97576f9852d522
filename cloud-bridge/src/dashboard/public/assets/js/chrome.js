import { getJson } from './api.js';
import { $ } from './dom.js';
import { setLanguage } from './i18n.js';

// The parts every page shares: operator name, the open-alarm badge in the navigation, errors.

export const setAlarmCount = (n) => {
  for (const el of document.querySelectorAll('[data-alarm-count]')) {
    el.textContent = String(n);
    el.hidden = n === 0;
    el.setAttribute('aria-label', `${n} open alarm${n === 1 ? '' : 's'}`);
  }
};

let countTimer = null;
/** Re-reads the open-alarm count; bursts of alarm changes cause one request. */
export const refreshAlarmCount = () => {
  clearTimeout(countTimer);
  countTimer = setTimeout(async () => {
    const { alarms } = await getJson('/dashboard/api/alarms?state=open&limit=500');
    setAlarmCount(alarms.length);
  }, 150);
};

export const showError = (err) => {
  const el = $('page-error');
  if (!el) return;
  el.hidden = err === null;
  el.textContent = err === null ? '' : (err.message ?? String(err));
};

let me = { canAct: false };
/** True when the operator's role may act; the bridge refuses a viewer's actions either way. */
export const canAct = () => me.canAct === true;

export const initChrome = async () => {
  me = await getJson('/dashboard/api/me');
  setLanguage(me.language);
  document.body.classList.toggle('viewer', !me.canAct);
  for (const el of document.querySelectorAll('[data-operator]')) el.textContent = me.operator;
  for (const el of document.querySelectorAll('[data-viewer-note]')) el.hidden = me.canAct;
  refreshAlarmCount();
  return me;
};

/** Re-renders relative times ("3 min ago") once a minute without any request. */
export const tickEveryMinute = (render) => setInterval(render, 30_000);
