import { getJson } from './api.js';
import { initChrome, refreshAlarmCount, showError, tickEveryMinute } from './chrome.js';
import { $, fill, h } from './dom.js';
import { ago, exact, zone } from './format.js';
import { t } from './i18n.js';
import { connectLive } from './live.js';
import { loadTours } from './tours-panel.js';

const stations = new Map();

const healthProblems = (s) => {
  const problems = [];
  const health = s.health;
  if (!health || s.state !== 'online') return problems;
  if (health.board !== 'ok') problems.push(`Lock board ${health.board}`);
  if (health.storage !== 'ok') problems.push(`Storage ${health.storage}`);
  if (health.clock !== 'synced') problems.push('Clock not synchronised');
  if (health.probesFaulty.length > 0) problems.push(`Faulty probes: ${health.probesFaulty.join(', ')}`);
  return problems;
};

const zoneRow = (z) => {
  const meterFill = h('span', { class: 'meter-fill' });
  // CSSOM, not a style attribute: the page's CSP allows no inline styles.
  meterFill.style.width = `${z.total ? (z.free / z.total) * 100 : 0}%`;
  return h(
    'li',
    { class: `zone-row zone-${z.zone}` },
    h('span', { class: 'zone-name' }, zone(z.zone)),
    h('span', { class: 'meter', role: 'img', 'aria-label': `${z.free} of ${z.total} free` }, meterFill),
    h('span', { class: `zone-free${z.free === 0 ? ' none-free' : ''}` }, `${z.free} / ${z.total} free`),
  );
};

const stationCard = (s) => {
  const online = s.state === 'online';
  const problems = healthProblems(s);
  const card = h(
    'a',
    {
      class: `station-card${s.openAlarms > 0 ? ' has-alarms' : ''}${online ? '' : ' is-offline'}`,
      href: `/dashboard/stations/${encodeURIComponent(s.stationId)}`,
      dataset: { station: s.stationId },
    },
    h(
      'div',
      { class: 'card-head' },
      h(
        'div',
        {},
        h('h2', { class: 'card-title' }, s.label ?? s.stationId),
        h(
          'p',
          { class: 'card-id' },
          h('span', { class: `station-kind kind-${s.kind}`, dataset: { kind: s.kind } }, t(`kind.${s.kind}`)),
          s.label ? ` · ${s.stationId}` : null,
        ),
      ),
      h(
        'span',
        { class: `pill ${online ? 'pill-online' : 'pill-offline'}` },
        online ? 'Online' : s.state === 'offline' ? 'Offline' : 'Unknown',
      ),
    ),
    h(
      'p',
      { class: 'card-meta' },
      h('span', { title: exact(s.lastSeenAt) }, `Last seen ${ago(s.lastSeenAt)}`),
      ' · ',
      s.openAlarms > 0
        ? h('span', { class: 'alarm-count' }, `${s.openAlarms} open alarm${s.openAlarms === 1 ? '' : 's'}`)
        : h('span', { class: 'quiet' }, 'No open alarms'),
    ),
    s.zones.length > 0
      ? h('ul', { class: 'zones', 'aria-label': 'Free compartments per zone' }, s.zones.map(zoneRow))
      : h('p', { class: 'quiet' }, 'No compartments reported yet.'),
    problems.length > 0
      ? h(
          'ul',
          { class: 'problems' },
          problems.map((p) => h('li', {}, p)),
        )
      : null,
  );
  return card;
};

const order = (a, b) =>
  Number(b.openAlarms > 0) - Number(a.openAlarms > 0) ||
  Number(a.state === 'online') - Number(b.state === 'online') ||
  a.stationId.localeCompare(b.stationId);

const render = () => {
  const list = [...stations.values()].sort(order);
  fill($('stations'), list.map(stationCard));
  $('no-stations').hidden = list.length > 0;
  const online = list.filter((s) => s.state === 'online').length;
  const alarms = list.reduce((n, s) => n + s.openAlarms, 0);
  $('fleet-summary').textContent =
    `${list.length} station${list.length === 1 ? '' : 's'} · ${online} online · ${alarms} open alarm${alarms === 1 ? '' : 's'}`;
};

const load = async () => {
  try {
    const fleet = await getJson('/dashboard/api/fleet');
    stations.clear();
    for (const s of fleet.stations) stations.set(s.stationId, s);
    render();
    await loadTours();
    showError(null);
  } catch (err) {
    showError(err);
  }
};

await initChrome().catch(showError);
await load();
connectLive(
  {
    station: ({ station }) => {
      stations.set(station.stationId, station);
      render();
      if (station.kind === 'van') loadTours().catch(showError);
    },
    alarm: () => refreshAlarmCount(),
  },
  () => {
    load();
    refreshAlarmCount();
  },
);
tickEveryMinute(() => {
  render();
  loadTours().catch(showError);
});
