import { type ColdChainRecord, Zone } from '@regiobox/contract';
import { z } from 'zod';
import { ColdChainError } from './errors.js';
import { addShares, crossingMs, type IntervalShare, type Point, shareOfInterval } from './intervals.js';
import type { ZoneThresholds } from './zones.js';

export type HoldReason = 'budget_exceeded' | 'thawed';

/** The parcel must be held now: the station blocks the compartment and emits `parcel.held`. */
export interface HoldDue {
  readonly reason: HoldReason;
  /** for the operator, e.g. "34 min above 7.0 °C (budget 30 min)" */
  readonly detail: string;
  readonly record: ColdChainRecord;
}

const Thresholds = z.object({
  upperCelsius: z.number().nullable(),
  lowerCelsius: z.number().nullable(),
  delaySeconds: z.number(),
  hysteresisCelsius: z.number(),
  budgetMinutes: z.number().nullable(),
  thawLimitCelsius: z.number().nullable(),
});
const PointState = z.object({ atMs: z.number(), celsius: z.number() });

/** What the store keeps per loaded parcel, as JSON; parsed on load because a file can be old or damaged. */
export const AccumulatorState = z.object({
  v: z.literal(1),
  compartment: z.number().int(),
  zone: Zone,
  thresholds: Thresholds,
  maxGapMs: z.number().positive(),
  loadedAtMs: z.number(),
  last: PointState.nullable(),
  samples: z.number().int().min(0),
  minCelsius: z.number().nullable(),
  maxCelsius: z.number().nullable(),
  aboveMs: z.number().min(0),
  unknownMs: z.number().min(0),
  atRiskMs: z.number().min(0),
  thawRunStartMs: z.number().nullable(),
  thawed: z.boolean(),
  reported: z.array(z.enum(['budget_exceeded', 'thawed'])),
});
export type AccumulatorState = z.infer<typeof AccumulatorState>;

export interface AccumulatorStart {
  readonly compartment: number;
  readonly zone: Zone;
  /** the limits in force at loading; a change later applies from then on (`applyLimits`) */
  readonly thresholds: ZoneThresholds;
  readonly loadedAt: Date;
  /** samples further apart leave the time between them unknown; 6 samples at the 10 s default */
  readonly maxSampleGapSeconds?: number;
}

const minutes = (ms: number) => Math.round(ms / 6000) / 10;

/**
 * The cold chain of one loaded parcel, from loading to pickup: min, max and time above the zone's
 * upper limit, weighted by time between samples; gaps are counted as unknown rather than guessed
 * (intervals.ts says how). Tells once per reason when the parcel must be held: its time above the
 * limit (plus unknown time that began or ended above it) exceeds the zone's budget, or frozen goods
 * stayed above the thaw limit for longer than the zone's delay.
 */
export class ColdChainAccumulator {
  private constructor(private state: AccumulatorState) {}

  static start(s: AccumulatorStart): ColdChainAccumulator {
    return new ColdChainAccumulator({
      v: 1,
      compartment: s.compartment,
      zone: s.zone,
      thresholds: { ...s.thresholds },
      maxGapMs: (s.maxSampleGapSeconds ?? 60) * 1000,
      loadedAtMs: s.loadedAt.getTime(),
      last: null,
      samples: 0,
      minCelsius: null,
      maxCelsius: null,
      aboveMs: 0,
      unknownMs: 0,
      atRiskMs: 0,
      thawRunStartMs: null,
      thawed: false,
      reported: [],
    });
  }

  static fromState(raw: unknown): ColdChainAccumulator {
    const parsed = AccumulatorState.safeParse(raw);
    if (!parsed.success) throw new ColdChainError('BAD_ACCOUNT_STATE', z.prettifyError(parsed.error));
    return new ColdChainAccumulator(parsed.data);
  }

  /** A copy safe to serialise and to keep. */
  toState(): AccumulatorState {
    return structuredClone(this.state);
  }

  get zone(): Zone {
    return this.state.zone;
  }

  get thawed(): boolean {
    return this.state.thawed;
  }

  /**
   * The limits changed (`set_thresholds`, a new config): time from the last sample on is judged by
   * them; what was counted before keeps the limits it was counted under. Returns false when nothing changed.
   */
  applyLimits(thresholds: ZoneThresholds): boolean {
    const s = this.state;
    const same = (Object.keys(s.thresholds) as (keyof ZoneThresholds)[]).every(
      (k) => s.thresholds[k] === thresholds[k],
    );
    if (same) return false;
    s.thresholds = { ...thresholds };
    return true;
  }

  /**
   * One sampling cycle's trusted reading of the compartment (the warmest of its probes), or null when
   * there was none: null changes nothing, the time until the next reading is then a gap.
   */
  addSample(at: Date, celsius: number | null): HoldDue | null {
    if (celsius === null || !Number.isFinite(celsius)) return this.check(at);
    const s = this.state;
    const to: Point = { atMs: at.getTime(), celsius };
    const from: Point = s.last ?? { atMs: s.loadedAtMs, celsius: null };
    if (to.atMs < from.atMs) return null; // a late sample from before the last one: already accounted
    const share = shareOfInterval(from, to, s.thresholds.upperCelsius, s.maxGapMs);
    Object.assign(s, addShares(pick(s), share));
    this.followThaw(from, to);
    s.last = { atMs: to.atMs, celsius };
    s.samples += 1;
    s.minCelsius = Math.min(s.minCelsius ?? celsius, celsius);
    s.maxCelsius = Math.max(s.maxCelsius ?? celsius, celsius);
    return this.check(at);
  }

  /**
   * Between samples (on the station's tick): a probe that fell silent after reading warm keeps
   * counting against the budget, so a hold does not wait for the probe to come back.
   */
  check(at: Date): HoldDue | null {
    const s = this.state;
    const totals = this.totalsAt(at.getTime());
    const thawStart = s.thawRunStartMs;
    // a silent probe during a thaw run is taken as still warm: frozen goods get the benefit of no doubt
    if (thawStart !== null && at.getTime() - thawStart >= s.thresholds.delaySeconds * 1000) s.thawed = true;
    if (s.thawed && !s.reported.includes('thawed')) {
      s.reported.push('thawed');
      const limit = s.thresholds.thawLimitCelsius ?? Number.NaN;
      return {
        reason: 'thawed',
        detail: `frozen goods above the thaw limit of ${limit} °C`,
        record: this.record(at),
      };
    }
    const budget = s.thresholds.budgetMinutes;
    const countedMs = totals.aboveMs + totals.atRiskMs;
    if (budget === null || countedMs <= budget * 60_000 || s.reported.includes('budget_exceeded'))
      return null;
    s.reported.push('budget_exceeded');
    const unknown =
      totals.atRiskMs > 0
        ? ` and ${minutes(totals.atRiskMs)} min unmeasured after or before a warm reading`
        : '';
    const detail = `${minutes(totals.aboveMs)} min above ${s.thresholds.upperCelsius} °C${unknown} (budget ${budget} min)`;
    return { reason: 'budget_exceeded', detail, record: this.record(at) };
  }

  /** The record up to `at`: at pickup this is the one attached to `parcel.picked_up`. */
  record(at: Date): ColdChainRecord {
    const s = this.state;
    const atMs = Math.max(at.getTime(), s.last?.atMs ?? s.loadedAtMs);
    const totals = this.totalsAt(atMs);
    const budget = s.thresholds.budgetMinutes;
    const overBudget = budget !== null && totals.aboveMs + totals.atRiskMs > budget * 60_000;
    return {
      compartment: s.compartment,
      zone: s.zone,
      from: new Date(s.loadedAtMs).toISOString(),
      to: new Date(atMs).toISOString(),
      samples: s.samples,
      minCelsius: s.minCelsius,
      maxCelsius: s.maxCelsius,
      minutesAboveLimit: minutes(totals.aboveMs),
      minutesUnknown: minutes(totals.unknownMs),
      limitCelsius: s.thresholds.upperCelsius,
      breached: overBudget || s.thawed,
    };
  }

  /** Committed totals plus the open interval from the last sample to `atMs`. */
  private totalsAt(atMs: number): IntervalShare {
    const s = this.state;
    const from: Point = s.last ?? { atMs: s.loadedAtMs, celsius: null };
    return addShares(
      pick(s),
      shareOfInterval(from, { atMs, celsius: null }, s.thresholds.upperCelsius, s.maxGapMs),
    );
  }

  private followThaw(from: Point, to: Point): void {
    const s = this.state;
    const limit = s.thresholds.thawLimitCelsius;
    if (limit === null || to.celsius === null) return;
    if (to.celsius <= limit) {
      s.thawRunStartMs = null;
      return;
    }
    if (s.thawRunStartMs === null) {
      const joined = from.celsius !== null && to.atMs - from.atMs <= s.maxGapMs;
      // after a gap (a power cut, a dead probe) the goods may have been warm all along: the run
      // starts where the gap began, as the budget counts such a gap at risk
      s.thawRunStartMs = joined ? crossingMs(from, to, limit) : from.atMs;
    }
    if (to.atMs - s.thawRunStartMs >= s.thresholds.delaySeconds * 1000) s.thawed = true;
  }
}

const pick = (s: AccumulatorState): IntervalShare => ({
  aboveMs: s.aboveMs,
  unknownMs: s.unknownMs,
  atRiskMs: s.atRiskMs,
});
