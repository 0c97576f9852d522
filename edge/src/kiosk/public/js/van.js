import { formatDay, formatTime } from './describe.js';

/** A sales van's panel under the keypad prompt and the driver's dialog; nothing at other stations. */

const $ = (id) => document.getElementById(id);
const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

/** The panel's sentences for a van status (see edge/src/kiosk/schema.ts VanStatus). */
export const describeVan = (t, van) => {
  if (!van) return null;
  const lines = [];
  if (van.here) lines.push(t('vanHere', { name: van.here.name }));
  else lines.push(t('vanOnTheWay'));
  if (van.next)
    lines.push(
      t('vanNext', {
        name: van.next.name,
        day: formatDay(t, van.next.from),
        from: formatTime(t, van.next.from),
        to: formatTime(t, van.next.to),
      }),
    );
  else if (!van.here) lines.push(t('vanTourDone'));
  return { lines, gpsLost: van.gps === 'lost' ? t('vanGpsLost') : null };
};

const confirmStop = async (stopId, driverCode) => {
  try {
    const response = await fetch('/api/van/confirm-stop', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stopId, driverCode }),
    });
    const body = await response.json().catch(() => null);
    return response.ok ? { ok: true } : { ok: false, reason: body?.title ?? String(response.status) };
  } catch {
    return { ok: false, reason: 'offline' };
  }
};

const openDialog = (t, van) => {
  const dialog = $('driver-dialog');
  const form = el('form', 'driver-form');
  form.method = 'dialog';
  form.append(el('h2', 'driver-title', t('vanConfirmTitle')));
  const stopLabel = el('label', 'driver-field', t('vanConfirmStop'));
  const select = el('select');
  select.name = 'stopId';
  for (const s of van.stops) {
    const option = el('option', undefined, `${s.name} (${formatTime(t, s.from)}–${formatTime(t, s.to)})`);
    option.value = s.stopId;
    option.selected = s.stopId === van.next?.stopId;
    select.append(option);
  }
  stopLabel.append(select);
  const codeLabel = el('label', 'driver-field', t('vanConfirmCode'));
  const code = el('input');
  code.type = 'password';
  code.name = 'driverCode';
  code.autocomplete = 'off';
  codeLabel.append(code);
  const message = el('p', 'driver-message');
  message.setAttribute('role', 'alert');
  const ok = el('button', 'driver-ok', t('vanConfirmOk'));
  ok.type = 'submit';
  const cancel = el('button', 'driver-cancel', t('vanConfirmCancel'));
  cancel.type = 'button';
  cancel.addEventListener('click', () => dialog.close());
  const buttons = el('div', 'driver-buttons');
  buttons.append(cancel, ok);
  form.append(stopLabel, codeLabel, message, buttons);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await confirmStop(select.value, code.value);
    code.value = '';
    message.textContent = result.ok ? t('vanConfirmed') : t('vanConfirmRefused', { reason: result.reason });
    if (result.ok) setTimeout(() => dialog.close(), 1500);
  });
  dialog.replaceChildren(form);
  dialog.showModal();
  code.focus();
};

let shownKey = '';

export const renderVan = (t, van) => {
  const panel = $('van-panel');
  const description = describeVan(t, van);
  panel.hidden = description === null;
  const key = JSON.stringify([t.lang, description]);
  if (description === null || key === shownKey) return;
  shownKey = key;
  const children = description.lines.map((line, i) => el('p', i === 0 ? 'van-here' : 'van-next', line));
  if (description.gpsLost) {
    children.push(el('p', 'van-gps-lost', description.gpsLost));
    const button = el('button', 'van-confirm', t('vanConfirmButton'));
    button.type = 'button';
    button.addEventListener('click', () => openDialog(t, van));
    children.push(button);
  }
  panel.replaceChildren(...children);
};
