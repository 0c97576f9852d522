import {
  DEFAULT_ZONE_THRESHOLDS,
  StationThresholdOverrides,
  Zone,
  type ZoneThresholds,
  type ZoneThresholdsOverride,
  type ZoneThresholdTable,
} from '@regiobox/contract';
import { z } from 'zod';
import { ColdChainError } from './errors.js';

// The limits themselves are part of the contract (the bridge shows them); the rules that merge them are ours.
export {
  DEFAULT_ZONE_THRESHOLDS,
  StationThresholdOverrides,
  type ZoneThresholds,
  ZoneThresholdsOverride,
  type ZoneThresholdTable,
} from '@regiobox/contract';

/** Why a merged zone makes no sense, or null. Checked after merging, because each side may be partial. */
const inconsistency = (t: ZoneThresholds): string | null => {
  const { upperCelsius: up, lowerCelsius: low, hysteresisCelsius: h } = t;
  // otherwise clearing a high excursion would need a reading that is already a low one
  if (up !== null && low !== null && up - low <= 2 * h) {
    return `upper (${up}) and lower (${low}) limits must be more than twice the hysteresis (${h}) apart`;
  }
  if (t.thawLimitCelsius !== null && up !== null && t.thawLimitCelsius <= up) {
    return `thaw limit (${t.thawLimitCelsius}) must be above the upper limit (${up})`;
  }
  return null;
};

/** `override` over `base`; `label` names the key in the error (a zone, or a compartment). */
export const mergeThresholds = (
  label: string,
  base: ZoneThresholds,
  override: ZoneThresholdsOverride,
): ZoneThresholds => {
  // a key present with `undefined` means "not given", never "erase"
  const given = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  const merged: ZoneThresholds = { ...base, ...given };
  const problem = inconsistency(merged);
  if (problem) throw new ColdChainError('INVALID_THRESHOLDS', `${label}: ${problem}`, { at: label });
  return merged;
};

/** Station-level overrides (unknown input from the config file) merged over `base`. */
export const resolveZoneThresholds = (
  overrides: unknown = {},
  base: ZoneThresholdTable = DEFAULT_ZONE_THRESHOLDS,
): ZoneThresholdTable => {
  const parsed = StationThresholdOverrides.safeParse(overrides);
  if (!parsed.success) {
    throw new ColdChainError('INVALID_THRESHOLDS', z.prettifyError(parsed.error), {
      issues: parsed.error.issues,
    });
  }
  const table = { ...base };
  for (const zone of Zone.options) {
    const override = parsed.data[zone];
    if (override) table[zone] = mergeThresholds(zone, base[zone], override);
  }
  return table;
};

/**
 * The `set_thresholds` command: partial limits for one zone, merged over the current table. Returns
 * a new table; the current one is unchanged when the result would be inconsistent.
 */
export const applyZoneLimits = (
  table: ZoneThresholdTable,
  zone: Zone,
  limits: ZoneThresholdsOverride,
): ZoneThresholdTable => resolveZoneThresholds({ [zone]: limits }, table);
