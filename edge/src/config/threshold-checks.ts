import type { StationThresholdOverrides, Zone, ZoneThresholdsOverride } from '@regiobox/contract';
import type { z } from 'zod';
import {
  DEFAULT_ZONE_THRESHOLDS,
  mergeThresholds,
  type ZoneThresholdTable,
} from '../domain/coldchain/zones.js';

interface LimitedConfig {
  readonly thresholds: StationThresholdOverrides;
  readonly compartments: readonly {
    readonly zone: Zone;
    readonly probes: readonly string[];
    readonly thresholds?: ZoneThresholdsOverride | undefined;
  }[];
}

const problem = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
};

/**
 * Limits that contradict each other once merged (upper below lower, a thaw limit below the upper
 * limit), named by their key: `thresholds.chilled`, or `compartments[3].thresholds` over its zone.
 */
export const checkThresholds = (cfg: LimitedConfig, ctx: z.RefinementCtx): void => {
  const table: Record<Zone, ZoneThresholdTable[Zone]> = { ...DEFAULT_ZONE_THRESHOLDS };
  for (const [zone, override] of Object.entries(cfg.thresholds) as [Zone, ZoneThresholdsOverride][]) {
    const message = problem(() => {
      table[zone] = mergeThresholds(zone, DEFAULT_ZONE_THRESHOLDS[zone], override);
    });
    if (message)
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds', zone],
        input: override,
        message: `is inconsistent: ${message}`,
      });
  }
  // a probe shared by several compartments judges them all by one set of limits
  const byProbe = new Map<string, string>();
  cfg.compartments.forEach((c, i) => {
    const own = c.thresholds;
    if (own) {
      const message = problem(() => mergeThresholds(`over the ${c.zone} zone`, table[c.zone], own));
      if (message)
        ctx.addIssue({
          code: 'custom',
          path: ['compartments', i, 'thresholds'],
          input: own,
          message: `is inconsistent ${message}`,
        });
    }
    const key = JSON.stringify(own ?? {});
    for (const probe of c.probes) {
      const seen = byProbe.get(probe);
      if (seen === undefined) byProbe.set(probe, key);
      else if (seen !== key)
        ctx.addIssue({
          code: 'custom',
          path: ['compartments', i, 'thresholds'],
          input: own,
          message: `differs from another compartment measured by probe ${probe}; compartments sharing a probe share their limits`,
        });
    }
  });
};
