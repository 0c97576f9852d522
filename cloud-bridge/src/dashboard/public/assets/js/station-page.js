import { AlarmList, alarmKey } from './alarm-list.js';
import { getJson } from './api.js';
import { renderZoneCharts } from './chart.js';
import { initChrome, refreshAlarmCount, showError, tickEveryMinute } from './chrome.js';
import { describeEvent } from './describe.js';
import { $, fill, h } from './dom.js';
import { ago, celsius, compartmentState, exact, outOfLimit, when, zone } from './format.js';
import { t } from './i18n.js';
import { connectLive } from './live.js';
import { compartmentActions, loadAudit, zoneLimitAction } from './station-actions.js';

const stationId = decodeURIComponent(location.pathname.split('/').pop() ?? '');
const api = `/dashboard/api/stations/${encodeURIComponent(stationId)}`;
const HISTORY_PAGE = 30;
const CHART_REFRESH_MS = 60_000;

const view = { station: null, hours: 24, alarms: new Map(), events: [], moreEvents: false, chartAt: 0 };
const alarmList = new AlarmList($('station-alarms'), { showStation: false, onChange: () => renderAlarms() });

const door = (c) => {
  if (c.doorOpen === null) return h('span', { class: 'door unknown' }, 'Door unknown');
  return h(
    'span',
    { class: `door ${c.doorOpen ? 'door-open' : 'door-closed'}` },
    c.doorOpen ? 'Door open' : 'Door closed',
  );
};

const compartmentTile = (c, limits) => {
  const hot = outOfLimit(c.celsius, limits[c.zone]);
  return h(
    'article',
    {
      class: `compartment state-${c.state} zone-${c.zone}${hot ? ' out-of-limit' : ''}${c.doorOpen ? ' is-open' : ''}`,
      dataset: { compartment: String(c.no) },
      'aria-label': `Compartment ${c.no}`,
    },
    h(
      'header',
      { class: 'comp-head' },
      h('span', { class: 'comp-no' }, String(c.no)),
      h('span', { class: `zone-chip zone-${c.zone}` }, zone(c.zone)),
      h('span', { class: 'comp-size', title: 'Size' }, c.size),
    ),
    h('p', { class: 'comp-temp', title: hot ? 'Outside the zone limit' : null }, celsius(c.celsius)),
    h(
      'p',
      { class: 'comp-state' },
      h('span', { class: `state-badge state-${c.state}` }, compartmentState(c.state)),
      door(c),
    ),
    c.blockedReason
      ? h('p', { class: 'comp-note' }, c.blockedReason)
      : c.orderId
        ? h('p', { class: 'comp-note' }, `Order ${c.orderId}`)
        : null,
    compartmentActions(api, c, afterAction),
  );
};

// After an action: the station's new state comes live; the audit log is read again.
const afterAction = () => {
  loadAudit(api);
};

const renderStation = () => {
  const s = view.station;
  if (!s) return;
  const name = s.label ?? s.stationId;
  document.title = `${name} · regiobox operations`;
  $('station-title').textContent = name;
  $('crumb-station').textContent = name;
  $('station-id').textContent = s.label ? s.stationId : '';
  const online = s.state === 'online';
  fill(
    $('station-state'),
    h('span', { class: `pill ${online ? 'pill-online' : 'pill-offline'}` }, online ? 'Online' : 'Offline'),
    h('span', { class: `station-kind kind-${s.kind}`, dataset: { kind: s.kind } }, t(`kind.${s.kind}`)),
    h('span', { class: 'quiet', title: exact(s.lastSeenAt) }, `Last seen ${ago(s.lastSeenAt)}`),
    s.capabilities
      ? h(
          'span',
          { class: 'quiet' },
          `${s.capabilities.compartments} compartments · ${s.capabilities.driver}`,
        )
      : null,
  );
  fill(
    $('compartments'),
    s.compartments.map((c) => compartmentTile(c, s.limits)),
  );
  $('zone-summary').textContent = s.zones
    .map((z) => `${zone(z.zone)}: ${z.free} of ${z.total} free`)
    .join(' · ');
  fill(
    $('zone-limits'),
    Object.entries(s.limits)
      .filter(([, l]) => l)
      .map(([z, l]) =>
        h(
          'li',
          { class: 'zone-limit', dataset: { zone: z } },
          h('span', { class: `zone-chip zone-${z}` }, zone(z)),
          h(
            'span',
            { class: 'limit-range' },
            t('limits.range', { lower: celsius(l.lowerCelsius), upper: celsius(l.upperCelsius) }),
          ),
          zoneLimitAction(api, z, zone(z), l, afterAction),
        ),
      ),
  );
};

const renderAlarms = () => {
  const alarms = [...view.alarms.values()];
  alarmList.render(alarms);
  $('no-station-alarms').hidden = alarms.length > 0;
};

const renderHistory = () => {
  fill(
    $('history'),
    view.events.map((e) => {
      const d = describeEvent(e);
      return h(
        'li',
        { class: `history-item tone-${d.tone}`, dataset: { seq: String(e.seq) } },
        h('time', { datetime: e.at, title: exact(e.at) }, when(e.at)),
        h(
          'div',
          {},
          h('p', { class: 'history-title' }, d.title),
          d.detail ? h('p', { class: 'history-detail' }, d.detail) : null,
        ),
      );
    }),
  );
  $('older').hidden = !view.moreEvents;
};

const loadStation = async () => {
  view.station = await getJson(api);
  renderStation();
};

const loadChart = async () => {
  view.chartAt = Date.now();
  const data = await getJson(`${api}/temperatures?hours=${view.hours}`);
  renderZoneCharts($('chart'), data, view.station?.limits ?? {}, view.station?.compartmentLimits ?? {});
  const minutes = Math.round(data.resolutionSeconds / 60);
  $('chart-caption').textContent =
    data.series.length === 0
      ? ''
      : `Each line shows ${minutes}-minute averages of one probe. Dashed lines: the zone's default limits.`;
};

const loadAlarms = async () => {
  const { alarms } = await getJson(
    `/dashboard/api/alarms?state=all&stationId=${encodeURIComponent(stationId)}`,
  );
  view.alarms = new Map(alarms.map((a) => [alarmKey(a), a]));
  renderAlarms();
};

const loadEvents = async (older = false) => {
  const before = older ? view.events[view.events.length - 1]?.seq : undefined;
  const { events } = await getJson(
    `${api}/events?limit=${HISTORY_PAGE}${before ? `&beforeSeq=${before}` : ''}`,
  );
  // Newest first; a refresh after a live event keeps the older pages the operator already opened.
  const merged = new Map([...events, ...view.events].map((e) => [e.eventId, e]));
  view.events = [...merged.values()].sort((a, b) => b.seq - a.seq);
  if (older || view.events.length <= HISTORY_PAGE) view.moreEvents = events.length === HISTORY_PAGE;
  renderHistory();
};

const guarded = (work) => () => work().then(() => showError(null), showError);

const loadAll = guarded(async () => {
  await loadStation();
  await Promise.all([loadChart(), loadAlarms(), loadEvents()]);
});

let detailTimer = null;
const refreshDetail = () => {
  clearTimeout(detailTimer);
  detailTimer = setTimeout(
    guarded(async () => {
      await loadStation();
      if (Date.now() - view.chartAt > CHART_REFRESH_MS) await loadChart();
    }),
    200,
  );
};

for (const button of document.querySelectorAll('#ranges button')) {
  button.addEventListener('click', () => {
    view.hours = Number(button.dataset.hours);
    for (const b of document.querySelectorAll('#ranges button'))
      b.setAttribute('aria-pressed', String(b === button));
    guarded(loadChart)();
  });
}
$('older').addEventListener(
  'click',
  guarded(() => loadEvents(true)),
);
let width = window.innerWidth;
window.addEventListener('resize', () => {
  if (Math.abs(window.innerWidth - width) < 40) return;
  width = window.innerWidth;
  guarded(loadChart)();
});

$('audit-load').addEventListener('click', () => loadAudit(api));
await initChrome().catch(showError);
await loadAll();
loadAudit(api);
connectLive(
  {
    station: ({ station }) => {
      if (station.stationId === stationId) refreshDetail();
    },
    event: (e) => {
      if (e.stationId === stationId) guarded(() => loadEvents())();
    },
    alarm: ({ alarm }) => {
      refreshAlarmCount();
      if (!alarm || alarm.stationId !== stationId) return;
      view.alarms.set(alarmKey(alarm), alarm);
      renderAlarms();
    },
  },
  () => {
    loadAll();
    refreshAlarmCount();
  },
);
tickEveryMinute(() => {
  renderStation();
  renderAlarms();
});
