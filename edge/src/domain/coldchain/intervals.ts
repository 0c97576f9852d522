/** A point the accounting knows: a trusted reading, or a moment without one (loading, now). */
export interface Point {
  readonly atMs: number;
  readonly celsius: number | null;
}

/** How the time between two points is counted. */
export interface IntervalShare {
  /** measured above the limit */
  readonly aboveMs: number;
  /** not measured: the points are too far apart, or one of them has no reading */
  readonly unknownMs: number;
  /** the part of `unknownMs` where the compartment was above the limit at either end */
  readonly atRiskMs: number;
}

const NONE: IntervalShare = { aboveMs: 0, unknownMs: 0, atRiskMs: 0 };

/**
 * Time above `limit` between two points. Readings closer than `maxGapMs` are joined by a straight
 * line (a compartment warms and cools smoothly between 10 s samples), so a crossing counts from the
 * moment the line crosses the limit. Where one end has no reading (loading, the open end before
 * "now") the other end's reading holds for a short interval. Anything longer is unknown: it is not
 * counted as above, but it is at risk when either end was above the limit.
 */
export const shareOfInterval = (
  from: Point,
  to: Point,
  limit: number | null,
  maxGapMs: number,
): IntervalShare => {
  const dt = to.atMs - from.atMs;
  if (dt <= 0) return NONE;
  const above = (c: number | null) => limit !== null && c !== null && c > limit;
  if (dt > maxGapMs || (from.celsius === null && to.celsius === null)) {
    return { aboveMs: 0, unknownMs: dt, atRiskMs: above(from.celsius) || above(to.celsius) ? dt : 0 };
  }
  if (limit === null) return NONE;
  const a = from.celsius ?? to.celsius;
  const b = to.celsius ?? from.celsius;
  if (a === null || b === null) return NONE;
  if (a > limit && b > limit) return { ...NONE, aboveMs: dt };
  if (a <= limit && b <= limit) return NONE;
  // exactly one end is above: the share of the line above the limit
  const fraction = a > limit ? (a - limit) / (a - b) : (b - limit) / (b - a);
  return { ...NONE, aboveMs: fraction * dt };
};

export const addShares = (x: IntervalShare, y: IntervalShare): IntervalShare => ({
  aboveMs: x.aboveMs + y.aboveMs,
  unknownMs: x.unknownMs + y.unknownMs,
  atRiskMs: x.atRiskMs + y.atRiskMs,
});

/** When a straight line from `from` to `to` first rises above `limit` (for a run that starts between them). */
export const crossingMs = (from: Point, to: Point, limit: number): number => {
  if (from.celsius === null || to.celsius === null || to.celsius === from.celsius) return to.atMs;
  const f = (limit - from.celsius) / (to.celsius - from.celsius);
  return from.atMs + Math.min(1, Math.max(0, f)) * (to.atMs - from.atMs);
};
