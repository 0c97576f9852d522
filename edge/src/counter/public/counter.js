import { WORDS } from './words.js';

// The counter's staff page: log in, look a code up, hand parcels over or book a delivery.
let lang = localStorage.getItem('counter.lang') === 'en' ? 'en' : 'de';
let me = null;
let shown = null; // the last lookup, re-drawn on a language change

const $ = (id) => document.getElementById(id);
const t = (key, vars = {}) =>
  (WORDS[lang][key] ?? WORDS.en[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
};

const api = async (method, path, body) => {
  const res = await fetch(`/counter/api/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({ ok: false, code: 'INTERNAL', message: res.statusText }));
  return { status: res.status, json };
};

const nameOf = (name) => (typeof name === 'string' ? name : (name[lang] ?? name.de ?? name.en));
const placeOf = (no) => me?.places.find((p) => p.no === no);
const placeLabel = (no) => {
  const p = placeOf(no);
  return p ? nameOf(p.name) : `#${no}`;
};
const placeClass = (no) => `place-${placeOf(no)?.type ?? 'shelf'}`;

const applyLanguage = () => {
  document.documentElement.lang = lang;
  document.title = `${t('title')} · regiobox`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('language').textContent = lang === 'de' ? 'English' : 'Deutsch';
  $('language').setAttribute('lang', lang === 'de' ? 'en' : 'de');
  if (me) renderPlaces();
  if (shown) renderResult(shown.lookup, shown.done);
};

const show = (screen) => {
  $('login-screen').hidden = screen !== 'login';
  $('desk-screen').hidden = screen !== 'desk';
  $('logout').hidden = screen !== 'desk';
  $('who').hidden = screen !== 'desk';
};

const renderPlaces = () => {
  $('places').replaceChildren(
    ...me.places.map((p) =>
      h(
        'li',
        { dataset: { place: String(p.no) }, class: `place-${p.type}` },
        `${nameOf(p.name)} · ${t(`zone.${p.zone}`)}`,
        p.celsius === null
          ? null
          : h(
              'span',
              { class: 'temp' },
              `${p.celsius.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} °C`,
            ),
      ),
    ),
  );
};

const refusal = (r) => {
  const s = Math.ceil((r.retryAfterMs ?? 0) / 1000);
  return WORDS[lang][`refused.${r.reason ?? r.code}`]
    ? t(`refused.${r.reason ?? r.code}`, { s })
    : t('refused.other', { message: r.message });
};

const parcelCard = (lookup, p, done) => {
  const finished = done.get(p.parcelId);
  const act = async (path, body, button) => {
    button.disabled = true;
    const { json } = await api('POST', path, { ticket: lookup.ticket, parcelId: p.parcelId, ...body });
    if (!json.ok) {
      button.disabled = false;
      $('code-message').textContent = refusal(json);
      return;
    }
    done.set(p.parcelId, json);
    renderResult(lookup, done);
  };
  const what = h('span', { class: 'what' }, `${p.parcelId} · ${t('parcel.from', { producer: p.producer })}`);
  if (lookup.purpose === 'loading') {
    if (finished)
      return h(
        'li',
        { class: 'parcel done', dataset: { parcel: p.parcelId } },
        what,
        h(
          'span',
          { class: `where ${placeClass(finished.place)}` },
          t('parcel.booked', { place: placeLabel(finished.place) }),
        ),
      );
    let chosen = p.place;
    const fitting = me.places.filter((x) => x.zone === p.zone);
    const choices = h('div', { class: 'choices', role: 'group' });
    const drawChoices = () =>
      choices.replaceChildren(
        ...fitting.map((x) =>
          h(
            'button',
            {
              type: 'button',
              'aria-pressed': String(x.no === chosen),
              dataset: { choosePlace: String(x.no) },
              onclick: () => {
                chosen = x.no;
                drawChoices();
              },
            },
            nameOf(x.name),
          ),
        ),
      );
    drawChoices();
    const book = h(
      'button',
      { type: 'button', class: 'primary action', dataset: { action: 'book' } },
      t('parcel.book'),
    );
    book.addEventListener('click', () => act('book', { place: chosen }, book));
    return h('li', { class: 'parcel', dataset: { parcel: p.parcelId } }, what, book, choices);
  }
  const where = h(
    'span',
    { class: `where ${placeClass(p.place)}`, dataset: { place: String(p.place) } },
    placeLabel(p.place),
  );
  if (finished)
    return h(
      'li',
      { class: 'parcel done', dataset: { parcel: p.parcelId } },
      what,
      where,
      h('span', { class: 'action done-mark' }, t('parcel.handedOver')),
    );
  const label = lookup.purpose === 'retrieval' ? t('parcel.giveBack') : t('parcel.handOver');
  const button = h(
    'button',
    { type: 'button', class: 'primary action', dataset: { action: 'hand-over' } },
    label,
  );
  button.addEventListener('click', () => act('hand-over', {}, button));
  return h('li', { class: 'parcel', dataset: { parcel: p.parcelId } }, what, where, button);
};

const renderResult = (lookup, done = new Map()) => {
  shown = { lookup, done };
  const all = lookup.parcels.every((p) => done.has(p.parcelId));
  const closed = [...done.values()].some((d) => d.orderClosed);
  const missing = lookup.missing.map((m) => t(`missing.${m.state}`, { parcel: m.parcelId }));
  const parts = [
    h('div', { class: 'order-head' }, h('h2', {}, t(`order.${lookup.purpose}`, { order: lookup.orderId }))),
    h(
      'ul',
      { class: 'parcels' },
      lookup.parcels.map((p) => parcelCard(lookup, p, done)),
    ),
    all && lookup.purpose === 'pickup'
      ? h('p', { class: 'all-done', role: 'status' }, closed ? t('order.done') : t('order.partDone'))
      : null,
    missing.length > 0 ? h('p', { class: 'missing' }, t('missing', { list: missing.join(', ') })) : null,
    lookup.unavailable.length > 0
      ? h(
          'p',
          { class: 'missing' },
          t('unavailable', { list: lookup.unavailable.map((p) => p.parcelId).join(', ') }),
        )
      : null,
  ];
  $('result').replaceChildren(...parts.filter((x) => x !== null));
};

const startDesk = async () => {
  const { status, json } = await api('GET', 'me');
  if (status === 401) return show('login');
  me = json;
  $('station-name').textContent = me.station;
  $('who').textContent = me.staff.name;
  renderPlaces();
  show('desk');
  $('code').focus();
};

// the fridges' and freezers' temperatures stay current while the page is open
setInterval(async () => {
  if (!me) return;
  const { status, json } = await api('GET', 'me');
  if (status === 200) {
    me = json;
    renderPlaces();
  }
}, 30_000);

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { json } = await api('POST', 'login', {
    staff: $('login-staff').value.trim(),
    password: $('login-password').value,
  });
  $('login-password').value = '';
  if (!json.ok) {
    $('login-message').textContent = t(`login.${json.code}`, {
      s: Math.ceil((json.retryAfterMs ?? 0) / 1000),
    });
    return;
  }
  $('login-message').textContent = '';
  await startDesk();
});

$('code-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const code = $('code').value.replace(/\D/g, '');
  if (!code) return;
  // a scanner types the long QR token; a person types the short PIN
  const { status, json } = await api('POST', 'code', {
    code,
    source: code.length > 12 ? 'scanner' : 'keypad',
  });
  $('code').value = '';
  if (status === 401) return show('login');
  $('code-message').textContent = json.ok ? '' : refusal(json);
  if (json.ok) renderResult(json);
  else {
    shown = null;
    $('result').replaceChildren();
  }
});

$('logout').addEventListener('click', async () => {
  await api('POST', 'logout');
  me = null;
  shown = null;
  $('result').replaceChildren();
  show('login');
});

$('language').addEventListener('click', () => {
  lang = lang === 'de' ? 'en' : 'de';
  localStorage.setItem('counter.lang', lang);
  applyLanguage();
});

applyLanguage();
startDesk();
