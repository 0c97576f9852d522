import { getJson } from './api.js';
import { initChrome, showError } from './chrome.js';
import { $, fill, h } from './dom.js';
import { t } from './i18n.js';
import { connectLive } from './live.js';

// What the operator's stations did per day, per town and per station, from the stations' daily
// summaries. The bridge scopes both the figures and the CSV to the operator's station groups.

const form = $('days-range');
const DAY_MS = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const params = new URLSearchParams(location.search);
form.elements.to.value = params.get('to') ?? isoDay(Date.now());
form.elements.from.value = params.get('from') ?? isoDay(Date.now() - 6 * DAY_MS);

const num = (n) => (n === null || n === undefined ? '—' : String(n));
/** The share of the reported days' minutes the station was up. */
const uptime = (minutes, days) =>
  minutes === null || days === 0 ? '—' : `${((100 * minutes) / (days * 1440)).toFixed(1)} %`;
const use = (list) =>
  h(
    'td',
    { class: 'use' },
    list.map((u) =>
      h(
        'span',
        {},
        t('days.use', {
          zone: t(`zone.${u.zone}`),
          size: u.size,
          compartments: u.compartments,
          loads: u.loads,
          pickups: u.pickups,
        }),
      ),
    ),
  );
const figures = (s, days) => [
  h('td', { dataset: { figure: 'pickups' } }, num(s.pickups)),
  h('td', { dataset: { figure: 'loads' } }, num(s.loads)),
  h('td', { dataset: { figure: 'expiries' } }, num(s.expiries)),
  h('td', { dataset: { figure: 'excursions' } }, num(s.excursions)),
  h('td', { dataset: { figure: 'uptime' } }, uptime(s.uptimeMinutes, days)),
  use(s.compartmentUse),
];
const head = (first) =>
  h(
    'thead',
    {},
    h(
      'tr',
      {},
      [
        first,
        'days.pickups',
        'days.loads',
        'days.expiries',
        'days.excursions',
        'days.uptime',
        'days.use.head',
      ].map((key) => h('th', { scope: 'col' }, t(key))),
    ),
  );

const render = (data) => {
  fill(
    $('towns'),
    head('days.town'),
    h(
      'tbody',
      {},
      data.towns.map((town) =>
        h(
          'tr',
          { dataset: { town: town.name } },
          h('th', { scope: 'row' }, town.name),
          figures(town, town.uptimeDays),
        ),
      ),
      h(
        'tr',
        { class: 'all-row', dataset: { town: '*' } },
        h('th', { scope: 'row' }, t('days.all')),
        figures(data.all, data.all.uptimeDays),
      ),
    ),
  );
  const rows = data.stations.flatMap((s) =>
    s.days.map((d) =>
      h(
        'tr',
        { dataset: { station: s.stationId, day: d.day } },
        h('th', { scope: 'row' }, s.label ?? s.stationId, ' · ', d.day),
        figures(d, d.uptimeMinutes === null ? 0 : 1),
      ),
    ),
  );
  fill($('station-days'), head('days.stationDay'), h('tbody', {}, rows));
  $('no-days').hidden = rows.length > 0;
};

const load = async () => {
  const range = new URLSearchParams({ from: form.elements.from.value, to: form.elements.to.value });
  $('days-csv').href = `/dashboard/api/days.csv?${range}`;
  try {
    render(await getJson(`/dashboard/api/days?${range}`));
    showError(null);
  } catch (err) {
    showError(err);
  }
};

form.addEventListener('submit', (e) => {
  e.preventDefault();
  load();
});
await initChrome().catch(showError);
await load();
connectLive(
  {
    event: (e) => {
      if (e.type === 'station.daily_summary') load();
    },
  },
  load,
);
