import { bucketWidth, linear, linePath, niceTicks, timeTicks, valueDomain } from './chart-scales.js';
import { fill, h, svg } from './dom.js';
import { celsius, when, zone } from './format.js';

// Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito, then more).
export const PALETTE = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#e69f00',
  '#000000',
  '#7a5195',
];

const HEIGHT = 200;
const MARGIN = { top: 14, right: 18, bottom: 30, left: 52 };

const pad = (n) => String(n).padStart(2, '0');
const tickLabel = (t, step) => {
  const d = new Date(t);
  if (step >= 86_400_000 || (d.getHours() === 0 && d.getMinutes() === 0)) {
    return d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric' });
  }
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

const seriesName = (s) => (s.compartment === null ? `Probe ${s.probeId}` : `Compartment ${s.compartment}`);

// the limits the station applies: each compartment's own where it reported them, else its zone's
const limitLines = (series, limitsByZone, limitsByCompartment = {}) => {
  const lines = [];
  const seen = new Set();
  for (const s of series) {
    const l = (s.compartment !== null && limitsByCompartment[s.compartment]) || limitsByZone[s.zone];
    if (!l || !s.zone) continue;
    for (const [kind, celsius] of [
      ['max', l.upperCelsius],
      ['min', l.lowerCelsius],
    ]) {
      if (celsius === null || celsius === undefined || seen.has(`${kind}:${celsius}`)) continue;
      seen.add(`${kind}:${celsius}`);
      lines.push({ zone: s.zone, kind, celsius });
    }
  }
  return lines;
};

const nearest = (points, t) => {
  let best = null;
  for (const p of points)
    if (p[1] !== null && (best === null || Math.abs(p[0] - t) < Math.abs(best[0] - t))) best = p;
  return best;
};

const ZONE_ORDER = ['frozen', 'cold', 'chilled', 'ambient'];

/**
 * One chart per zone (a frozen line at −20 °C would flatten a chilled one at 5 °C), each with its
 * probes' averages, the limits the station applies as dashed lines, a legend and a pointer read-out.
 */
export const renderZoneCharts = (figure, data, limitsByZone, limitsByCompartment = {}) => {
  const series = data.series.filter((s) => s.points.some((p) => p[1] !== null));
  if (series.length === 0) {
    fill(figure, h('p', { class: 'empty' }, 'No temperature readings in this period.'));
    return;
  }
  const zones = [...new Set(series.map((s) => s.zone))].sort(
    (a, b) => (ZONE_ORDER.indexOf(a) + 1 || 99) - (ZONE_ORDER.indexOf(b) + 1 || 99),
  );
  const width = Math.max(320, figure.clientWidth || 800);
  fill(
    figure,
    zones.map((z) => {
      const block = h('div', { class: 'zone-chart', dataset: { zone: z ?? 'none' } });
      block.append(h('h3', { class: `zone-chart-title zone-${z}` }, z ? zone(z) : 'Other probes'));
      renderChart(
        block,
        series.filter((s) => s.zone === z),
        data,
        limitsByZone,
        limitsByCompartment,
        width,
      );
      return block;
    }),
  );
};

const renderChart = (block, series, data, limitsByZone, limitsByCompartment, width) => {
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const domain = valueDomain(series, limitLines(series, limitsByZone, limitsByCompartment));
  const yTicks = niceTicks(domain.min, domain.max, 6);
  const x = linear(from, to, MARGIN.left, width - MARGIN.right);
  const y = linear(yTicks[0], yTicks[yTicks.length - 1], HEIGHT - MARGIN.bottom, MARGIN.top);
  const { step, ticks } = timeTicks(from, to, Math.floor(width / 110), new Date(from).getTimezoneOffset());
  const gap = bucketWidth(series) * 2.5;
  const colour = (i) => PALETTE[i % PALETTE.length];

  const crosshair = svg('line', {
    class: 'crosshair',
    y1: MARGIN.top,
    y2: HEIGHT - MARGIN.bottom,
    visibility: 'hidden',
  });
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${HEIGHT}`,
      width,
      height: HEIGHT,
      role: 'img',
      'aria-label': 'Temperature history',
    },
    svg(
      'g',
      { class: 'grid' },
      yTicks.map((v) => svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(v), y2: y(v) })),
    ),
    svg(
      'g',
      { class: 'axis axis-y' },
      yTicks.map((v) =>
        svg(
          'text',
          { x: MARGIN.left - 8, y: y(v) + 4, 'text-anchor': 'end' },
          celsius(v).replace(' °C', '°'),
        ),
      ),
    ),
    svg(
      'g',
      { class: 'axis axis-x' },
      ticks.map((t) => [
        svg('line', { x1: x(t), x2: x(t), y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom + 5 }),
        svg('text', { x: x(t), y: HEIGHT - 8, 'text-anchor': 'middle' }, tickLabel(t, step)),
      ]),
    ),
    svg(
      'g',
      { class: 'limits' },
      domain.limits.map((l) => [
        svg('line', {
          class: `limit limit-${l.kind}`,
          x1: MARGIN.left,
          x2: width - MARGIN.right,
          y1: y(l.celsius),
          y2: y(l.celsius),
        }),
        svg(
          'text',
          { class: 'limit-label', x: width - MARGIN.right - 4, y: y(l.celsius) - 5, 'text-anchor': 'end' },
          `${zone(l.zone)} ${l.kind} ${celsius(l.celsius)}`,
        ),
      ]),
    ),
    svg(
      'g',
      { class: 'lines' },
      series.map((s, i) =>
        svg('path', { d: linePath(s.points, x, y, gap), stroke: colour(i), dataset: { probe: s.probeId } }),
      ),
    ),
    crosshair,
  );

  const readout = h('div', { class: 'readout', hidden: true });
  chart.addEventListener('pointermove', (event) => {
    const box = chart.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * width;
    if (px < MARGIN.left || px > width - MARGIN.right) return;
    const t = from + ((px - MARGIN.left) / (width - MARGIN.left - MARGIN.right)) * (to - from);
    crosshair.setAttribute('x1', px);
    crosshair.setAttribute('x2', px);
    crosshair.setAttribute('visibility', 'visible');
    const rows = series
      .map((s, i) => ({ s, i, p: nearest(s.points, t) }))
      .filter((r) => r.p && Math.abs(r.p[0] - t) <= gap);
    fill(
      readout,
      h('p', { class: 'readout-time' }, when(new Date(t).toISOString())),
      rows.map(({ s, i, p }) => {
        const swatch = h('span', { class: 'swatch' });
        swatch.style.background = colour(i);
        return h(
          'p',
          {},
          swatch,
          `${seriesName(s)}: ${celsius(p[1])}`,
          h('span', { class: 'quiet' }, ` (max ${celsius(p[3])})`),
        );
      }),
    );
    readout.hidden = rows.length === 0;
  });
  chart.addEventListener('pointerleave', () => {
    crosshair.setAttribute('visibility', 'hidden');
    readout.hidden = true;
  });

  const legend = h(
    'ul',
    { class: 'legend' },
    series.map((s, i) => {
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = colour(i);
      return h('li', {}, swatch, seriesName(s));
    }),
    domain.limits.length > 0
      ? h(
          'li',
          { class: 'legend-limit' },
          h('span', { class: 'swatch swatch-limit' }),
          'Zone limit (default)',
        )
      : null,
  );
  block.append(h('div', { class: 'chart-frame' }, chart, readout), legend);
};
