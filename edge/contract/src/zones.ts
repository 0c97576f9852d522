import { z } from 'zod';
import { Zone } from './common.js';

/** What a temperature zone promises, and how patiently the station judges it. */
export interface ZoneThresholds {
  /** °C; a reading above it is out of limit. null: the zone has no upper limit. */
  readonly upperCelsius: number | null;
  /** °C; a reading below it is out of limit (freezing damages chilled goods). null: no lower limit. */
  readonly lowerCelsius: number | null;
  /** an excursion counts (raises an alarm) only once it has lasted this long */
  readonly delaySeconds: number;
  /** a raised excursion clears only when the reading is this far back inside the limit */
  readonly hysteresisCelsius: number;
  /** minutes above the upper limit a loaded parcel may collect before it is held; null: never held */
  readonly budgetMinutes: number | null;
  /** frozen goods whose compartment stayed above this for longer than the delay count as thawed */
  readonly thawLimitCelsius: number | null;
}

export type ZoneThresholdTable = Readonly<Record<Zone, ZoneThresholds>>;

/**
 * Defaults from shared practice (chilled ≤ 7 °C, cold ≤ 4 °C, frozen ≤ −18 °C). The delays are
 * there because probes measure air: a door opened for loading or pickup (10–60 s) lifts a small
 * compartment's air by several degrees and the cooling needs minutes to pull it back, while the goods'
 * core barely moves. 10 min covers one opening and its recovery; frozen compartments recover more
 * slowly (larger difference to ambient), hence 15 min. The reasoning per value is in edge/HACCP.md.
 */
export const DEFAULT_ZONE_THRESHOLDS: ZoneThresholdTable = {
  // bread, vegetables, eggs: only a warning when the locker heats up in the sun; never held
  ambient: {
    upperCelsius: 25,
    lowerCelsius: null,
    delaySeconds: 1800,
    hysteresisCelsius: 1,
    budgetMinutes: null,
    thawLimitCelsius: null,
  },
  chilled: {
    upperCelsius: 7,
    lowerCelsius: 0,
    delaySeconds: 600,
    hysteresisCelsius: 1,
    budgetMinutes: 30,
    thawLimitCelsius: null,
  },
  // fresh meat and fish spoil fastest, so their budget is the shortest
  cold: {
    upperCelsius: 4,
    lowerCelsius: -1,
    delaySeconds: 600,
    hysteresisCelsius: 1,
    budgetMinutes: 20,
    thawLimitCelsius: null,
  },
  // −12 °C lies beyond the 3 K tolerance that EU rules on quick-frozen food allow in local
  // distribution (−15 °C): goods held above it for longer than the delay are thawed, not "frozen"
  frozen: {
    upperCelsius: -18,
    lowerCelsius: null,
    delaySeconds: 900,
    hysteresisCelsius: 1,
    budgetMinutes: 45,
    thawLimitCelsius: -12,
  },
};

const celsius = z.number().min(-40).max(60);

/** One zone's overrides: every field optional; `null` switches a limit off. Superset of `set_thresholds`. */
export const ZoneThresholdsOverride = z
  .object({
    upperCelsius: celsius.nullable(),
    lowerCelsius: celsius.nullable(),
    delaySeconds: z.number().int().min(0).max(86_400),
    hysteresisCelsius: z.number().min(0).max(10),
    budgetMinutes: z.number().min(0).max(10_080).nullable(),
    thawLimitCelsius: celsius.nullable(),
  })
  .partial()
  .strict();
export type ZoneThresholdsOverride = z.infer<typeof ZoneThresholdsOverride>;

/** The station config's `thresholds` section: overrides per zone, merged over the defaults. */
export const StationThresholdOverrides = z.partialRecord(Zone, ZoneThresholdsOverride);
export type StationThresholdOverrides = z.infer<typeof StationThresholdOverrides>;
