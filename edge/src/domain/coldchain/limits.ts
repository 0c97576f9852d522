import type { Zone } from '@regiobox/contract';
import {
  mergeThresholds,
  type ZoneThresholds,
  type ZoneThresholdsOverride,
  type ZoneThresholdTable,
} from './zones.js';

export interface LimitedCompartment {
  readonly no: number;
  readonly zone: Zone;
  /** the compartment's own overrides (config `compartments[].thresholds`), over its zone's limits */
  readonly thresholds?: ZoneThresholdsOverride;
}

/** One compartment's limits in force: its zone's, with its own overrides on top. */
export interface CompartmentLimits {
  readonly compartment: number;
  readonly zone: Zone;
  readonly thresholds: ZoneThresholds;
}

/**
 * The limits each compartment is judged by. A compartment's own override stays on top of its zone's
 * limits, also after `set_thresholds` changed the zone (a fish drawer at 2 °C in a 4 °C cold zone).
 * Throws INVALID_THRESHOLDS naming `compartments[<no>]` when an override makes no sense over its zone.
 */
export const compartmentLimits = (
  table: ZoneThresholdTable,
  compartments: readonly LimitedCompartment[],
): Map<number, CompartmentLimits> =>
  new Map(
    compartments.map((c) => [
      c.no,
      {
        compartment: c.no,
        zone: c.zone,
        thresholds: c.thresholds
          ? mergeThresholds(`compartment ${c.no}`, table[c.zone], c.thresholds)
          : table[c.zone],
      },
    ]),
  );
