import { getJson } from './api.js';
import { $, fill, h, svg } from './dom.js';
import { ago, exact } from './format.js';
import { t } from './i18n.js';

// Each van's tour on the fleet page: a list of its stops and a small drawing of the route, made from
// the stops' coordinates alone (no map tiles: the dashboard loads nothing from the internet).

const W = 360;
const H = 140;
const PAD = 14;

const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const lateText = (n) => (n > 0 ? t('tours.late', { n }) : t('tours.onTime'));

/** Stops and the last position scaled into the box, north up, longitude shrunk by the latitude. */
const project = (points) => {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const k = Math.cos(((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180));
  const spanX = Math.max((Math.max(...lons) - Math.min(...lons)) * k, 1e-4);
  const spanY = Math.max(Math.max(...lats) - Math.min(...lats), 1e-4);
  const scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const x0 = (W - spanX * scale) / 2;
  const y0 = (H - spanY * scale) / 2;
  return (p) => ({
    x: x0 + (p.lon - Math.min(...lons)) * k * scale,
    y: H - (y0 + (p.lat - Math.min(...lats)) * scale),
  });
};

const routeDrawing = (tour) => {
  const points = [...tour.stops, ...(tour.lastPosition ? [tour.lastPosition] : [])];
  const at = project(points);
  const line = tour.stops.map((s) => at(s)).map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`);
  const stops = tour.stops.map((s, i) => {
    const p = at(s);
    return svg(
      'g',
      { class: `route-stop is-${s.state}` },
      svg('circle', { cx: p.x, cy: p.y, r: 7 }),
      svg('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle' }, String(i + 1)),
      svg('title', {}, s.name),
    );
  });
  const van = tour.lastPosition
    ? (() => {
        const p = at(tour.lastPosition);
        return svg(
          'g',
          { class: 'route-van' },
          svg('rect', { x: p.x - 6, y: p.y - 6, width: 12, height: 12, rx: 2 }),
          svg(
            'title',
            {},
            t('tours.lastPosition', {
              lat: tour.lastPosition.lat.toFixed(4),
              lon: tour.lastPosition.lon.toFixed(4),
              ago: ago(tour.lastPosition.at),
            }),
          ),
        );
      })()
    : null;
  return svg(
    'svg',
    {
      class: 'route',
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-label': t('tours.route', { tour: tour.tourId }),
    },
    svg('polyline', { class: 'route-line', points: line.join(' ') }),
    ...stops,
    van,
  );
};

const stopItem = (s) =>
  h(
    'li',
    { class: `tour-stop is-${s.state}`, dataset: { stop: s.stopId } },
    h('span', { class: 'tour-stop-name' }, s.name),
    h('span', { class: 'tour-stop-window' }, `${clock(s.from)}–${clock(s.to)}`),
    h('span', { class: 'tour-stop-state' }, t(`tours.stop.${s.state}`)),
    s.arrivedAt
      ? h(
          'span',
          { class: 'tour-stop-arrival', title: exact(s.arrivedAt) },
          t('tours.arrived', { time: clock(s.arrivedAt), late: lateText(s.lateMinutes ?? 0) }),
        )
      : null,
    s.how === 'manual' ? h('span', { class: 'tour-stop-manual' }, t('tours.byHand')) : null,
  );

const tourCard = (tour) => {
  const here = tour.stops.find((s) => s.stopId === tour.currentStopId);
  return h(
    'article',
    { class: 'tour-card', dataset: { station: tour.stationId, tour: tour.tourId } },
    h(
      'div',
      { class: 'tour-head' },
      h(
        'h3',
        { class: 'tour-title' },
        h(
          'a',
          { href: `/dashboard/stations/${encodeURIComponent(tour.stationId)}` },
          tour.label ?? tour.stationId,
        ),
        ` · ${tour.tourId}`,
      ),
      h(
        'p',
        { class: 'tour-where' },
        here ? t('tours.atStop', { stop: here.name }) : t('tours.onRoad'),
        ' · ',
        h('span', { class: tour.lateMinutes > 0 ? 'tour-late' : 'tour-on-time' }, lateText(tour.lateMinutes)),
      ),
      h(
        'p',
        { class: 'tour-meta' },
        tour.lastPosition
          ? t('tours.lastPosition', {
              lat: tour.lastPosition.lat.toFixed(4),
              lon: tour.lastPosition.lon.toFixed(4),
              ago: ago(tour.lastPosition.at),
            })
          : t('tours.noPosition'),
        ' · ',
        h(
          'span',
          { title: exact(tour.lastContactAt) },
          t('tours.lastContact', { ago: ago(tour.lastContactAt) }),
        ),
      ),
    ),
    h(
      'div',
      { class: 'tour-body' },
      routeDrawing(tour),
      h('ol', { class: 'tour-stops' }, tour.stops.map(stopItem)),
    ),
  );
};

let pending = null;

/** Loads and draws the tours; calls that come while one runs are folded into one more. */
export const loadTours = async () => {
  if (pending) return pending;
  pending = (async () => {
    try {
      const { tours } = await getJson('/dashboard/api/tours');
      $('tours').hidden = tours.length === 0;
      fill($('tour-list'), tours.map(tourCard));
    } finally {
      pending = null;
    }
  })();
  return pending;
};
