// Axis arithmetic for the temperature chart. Pure: the tests import this file.

/** Round tick values (1, 2 or 5 × 10^k apart) covering [min, max] with about `count` ticks. */
export const niceTicks = (min, max, count = 5) => {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max - min < 1e-9) return niceTicks(min - 1, max + 1, count);
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.round(v / step) * step);
  }
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks.map((t) => Number(t.toFixed(6)));
};

const HOUR = 3_600_000;
const TIME_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR];

/**
 * Tick times on whole local hours (or local midnights for day steps) between `from` and `to`, at
 * most `maxTicks` of them. `offsetMinutes` is the browser's `getTimezoneOffset()` for local time.
 */
export const timeTicks = (from, to, maxTicks = 8, offsetMinutes = 0) => {
  const span = to - from;
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const offset = offsetMinutes * 60_000;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return { step, ticks };
};

/** A linear map from the domain [d0, d1] onto the range [r0, r1]. */
export const linear = (d0, d1, r0, r1) => {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
};

/**
 * The SVG path of one line. It is broken (a new `M`) at a missing reading and where two readings
 * lie more than `maxGapMs` apart, so a station that was offline shows a gap, not a straight line.
 */
export const linePath = (points, x, y, maxGapMs) => {
  let d = '';
  let previous = null;
  for (const [t, value] of points) {
    if (value === null || value === undefined) {
      previous = null;
      continue;
    }
    const move = previous === null || t - previous > maxGapMs;
    d += `${move ? 'M' : 'L'}${x(t).toFixed(1)},${y(value).toFixed(1)}`;
    previous = t;
  }
  return d;
};

/** The smallest distance between consecutive points: the chart's bucket width. */
export const bucketWidth = (series) => {
  let width = Number.POSITIVE_INFINITY;
  for (const s of series) {
    for (let i = 1; i < s.points.length; i++) width = Math.min(width, s.points[i][0] - s.points[i - 1][0]);
  }
  return Number.isFinite(width) ? width : HOUR;
};

/** The value range the chart shows: every reading, and the zone limits that lie near them. */
export const valueDomain = (series, limits, nearCelsius = 6) => {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (const [, avg, lo, hi] of s.points) {
      for (const v of [avg, lo, hi]) {
        if (v === null || v === undefined) continue;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  if (!Number.isFinite(min)) return null;
  const shown = limits.filter((l) => l.celsius >= min - nearCelsius && l.celsius <= max + nearCelsius);
  for (const l of shown) {
    min = Math.min(min, l.celsius);
    max = Math.max(max, l.celsius);
  }
  return { min, max, limits: shown };
};
