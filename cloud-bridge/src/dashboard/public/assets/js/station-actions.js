import { ApiError, getJson, postJson } from './api.js';
import { canAct } from './chrome.js';
import { $, fill, h } from './dom.js';
import { exact, when } from './format.js';
import { t } from './i18n.js';

// The operator's buttons on a compartment, each behind a confirmation dialog that asks for what the
// station records (a reason, a deadline, a decision). The bridge names the operator, not the page.

const say = (text, tone) => {
  const el = $('action-result');
  el.textContent = text;
  el.dataset.tone = tone;
  el.hidden = false;
};

const explain = (err) =>
  err instanceof ApiError &&
  err.stationCode &&
  t(`refused.${err.stationCode}`) !== `refused.${err.stationCode}`
    ? t(`refused.${err.stationCode}`, { message: err.message })
    : err instanceof ApiError && err.code === 'RATE_LIMITED'
      ? `${t('refused.RATE_LIMITED')} (${err.message})`
      : t('refused.other', { message: err.message });

/** Order ids are unique per tenant: an order of another than the default tenant is named with it. */
const ofTenant = (p) => (p.tenant && p.tenant !== 'default' ? `?tenant=${encodeURIComponent(p.tenant)}` : '');

/** Asks, then sends; `fields` are the inputs shown in the dialog, `body` builds the JSON from them. */
const confirmThen = ({ question, fields = [], path, body, after }) => {
  const dialog = $('action-dialog');
  const form = h(
    'form',
    { method: 'dialog', class: 'action-form' },
    h('p', { class: 'action-question' }, question),
    fields,
    h(
      'div',
      { class: 'action-buttons' },
      h(
        'button',
        { type: 'button', class: 'button ghost', value: 'cancel', onclick: () => dialog.close() },
        t('action.cancel'),
      ),
      h('button', { type: 'submit', class: 'button', value: 'confirm' }, t('action.confirm')),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    dialog.close();
    try {
      const { body: answer } = await postJson(path, body(data));
      say(t(`result.${answer.status}`), 'ok');
    } catch (err) {
      say(explain(err), 'refused');
    }
    after?.();
  });
  fill(dialog, form);
  dialog.showModal();
};

const reasonField = () =>
  h(
    'label',
    { class: 'field' },
    t('action.reason'),
    h('textarea', { name: 'reason', required: true, maxlength: '200', rows: '2' }),
  );

const inDays = (days) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** The buttons for one compartment; none for a viewer. */
export const compartmentActions = (stationApi, c, after) => {
  if (!canAct()) return null;
  const at = `${stationApi}/compartments/${c.no}`;
  const p = c.parcel;
  const button = (label, onclick) => h('button', { type: 'button', class: 'button small', onclick }, label);
  return h(
    'div',
    { class: 'comp-actions' },
    c.state === 'blocked'
      ? button(t('action.unblock'), () =>
          confirmThen({
            question: t('confirm.unblock', { no: c.no }),
            path: `${at}/unblock`,
            body: () => ({}),
            after,
          }),
        )
      : button(t('action.block'), () =>
          confirmThen({
            question: t('confirm.block', { no: c.no }),
            fields: [reasonField()],
            path: `${at}/block`,
            body: (d) => ({ reason: d.reason }),
            after,
          }),
        ),
    button(t('action.serviceOpen'), () =>
      confirmThen({
        question: t('confirm.serviceOpen', { no: c.no }),
        fields: [reasonField()],
        path: `${at}/service-open`,
        body: (d) => ({ reason: d.reason }),
        after,
      }),
    ),
    p && p.state !== 'held'
      ? button(t('action.extend'), () =>
          confirmThen({
            question: t('confirm.extend', { order: p.orderId }),
            fields: [
              h(
                'label',
                { class: 'field' },
                t('action.deadline'),
                h('input', { type: 'datetime-local', name: 'deadline', required: true, value: inDays(2) }),
              ),
            ],
            path: `${stationApi}/orders/${encodeURIComponent(p.orderId)}/extend${ofTenant(p)}`,
            body: (d) => ({ deadline: new Date(d.deadline).toISOString() }),
            after,
          }),
        )
      : null,
    p && p.state === 'held'
      ? button(t('action.decide'), () =>
          confirmThen({
            question: t('confirm.decide', { parcel: p.parcelId, order: p.orderId }),
            fields: [
              h(
                'label',
                { class: 'field' },
                t('action.decision'),
                h(
                  'select',
                  { name: 'decision' },
                  h('option', { value: 'release' }, t('action.release')),
                  h('option', { value: 'discard' }, t('action.discard')),
                ),
              ),
              h(
                'label',
                { class: 'field' },
                t('action.reason'),
                h('textarea', { name: 'why', required: true, maxlength: '500', rows: '2' }),
              ),
            ],
            path: `${stationApi}/orders/${encodeURIComponent(p.orderId)}/parcels/${encodeURIComponent(p.parcelId)}/hold-decision${ofTenant(p)}`,
            body: (d) => ({ decision: d.decision, why: d.why }),
            after,
          }),
        )
      : null,
  );
};

const limitField = (name, label, value) =>
  h(
    'label',
    { class: 'field' },
    label,
    h('input', { type: 'number', name, step: '0.5', min: '-40', max: '60', value: value ?? '' }),
  );

/** "Change limits" for one zone; an empty field leaves that limit as the station has it. None for a viewer. */
export const zoneLimitAction = (stationApi, zoneId, zoneName, limits, after) => {
  if (!canAct()) return null;
  const onclick = () =>
    confirmThen({
      question: t('confirm.limits', { zone: zoneName }),
      fields: [
        limitField('lowerCelsius', t('action.lower'), limits?.lowerCelsius),
        limitField('upperCelsius', t('action.upper'), limits?.upperCelsius),
      ],
      path: `${stationApi}/zones/${encodeURIComponent(zoneId)}/limits`,
      body: (d) =>
        Object.fromEntries(
          ['upperCelsius', 'lowerCelsius'].filter((k) => d[k] !== '').map((k) => [k, Number(d[k])]),
        ),
      after,
    });
  return h('button', { type: 'button', class: 'button small', onclick }, t('action.limits'));
};

/** Reads the station's audit log (it must be online) and lists it, newest first. */
export const loadAudit = async (stationApi) => {
  const list = $('audit');
  try {
    const { entries } = await getJson(`${stationApi}/audit?limit=30`);
    $('audit-note').textContent = entries.length === 0 ? t('audit.empty') : '';
    fill(
      list,
      entries.map((e) =>
        h(
          'li',
          { class: 'audit-entry', dataset: { action: e.action } },
          h('time', { datetime: e.at, title: exact(e.at) }, when(e.at)),
          h('code', {}, e.action),
          e.compartmentNo !== null ? h('span', {}, `#${e.compartmentNo}`) : null,
          e.by ? h('span', { class: 'audit-by' }, e.by) : null,
          [e.reason, e.detail].filter(Boolean).join(' · '),
        ),
      ),
    );
  } catch (err) {
    $('audit-note').textContent =
      err instanceof ApiError && err.code === 'STATION_NOT_ANSWERING' ? t('audit.offline') : err.message;
  }
};
