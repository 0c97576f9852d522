import { CommandBody } from '@regiobox/contract';
import { describe, expect, it } from 'vitest';
import { ColdChainError } from './errors.js';
import { applyZoneLimits, DEFAULT_ZONE_THRESHOLDS, resolveZoneThresholds } from './zones.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof ColdChainError ? e.code : 'not a ColdChainError';
  }
  return undefined;
};

describe('zone thresholds', () => {
  it('ship the shared-practice limits: chilled ≤ 7, cold ≤ 4, frozen ≤ −18 with a thaw limit', () => {
    const t = DEFAULT_ZONE_THRESHOLDS;
    expect(t.chilled.upperCelsius).toBe(7);
    expect(t.cold.upperCelsius).toBe(4);
    expect(t.frozen.upperCelsius).toBe(-18);
    expect(t.frozen.thawLimitCelsius).toBe(-12);
    expect(t.ambient.budgetMinutes).toBeNull();
    // door spikes must not count: every cooled zone waits at least 10 minutes
    for (const zone of ['chilled', 'cold', 'frozen'] as const) {
      expect(t[zone].delaySeconds).toBeGreaterThanOrEqual(600);
      expect(t[zone].budgetMinutes).toBeGreaterThan(0);
    }
  });

  it('a station override replaces only what it names', () => {
    const t = resolveZoneThresholds({ chilled: { upperCelsius: 6, budgetMinutes: 20 } });
    expect(t.chilled).toEqual({ ...DEFAULT_ZONE_THRESHOLDS.chilled, upperCelsius: 6, budgetMinutes: 20 });
    expect(t.frozen).toEqual(DEFAULT_ZONE_THRESHOLDS.frozen);
  });

  it('null switches a limit off', () => {
    const t = resolveZoneThresholds({ ambient: { upperCelsius: null } });
    expect(t.ambient.upperCelsius).toBeNull();
  });

  it('rejects unknown zones, unknown fields and out-of-range values with INVALID_THRESHOLDS', () => {
    expect(codeOf(() => resolveZoneThresholds({ deepfrozen: { upperCelsius: -30 } }))).toBe(
      'INVALID_THRESHOLDS',
    );
    expect(codeOf(() => resolveZoneThresholds({ chilled: { upper: 6 } }))).toBe('INVALID_THRESHOLDS');
    expect(codeOf(() => resolveZoneThresholds({ chilled: { delaySeconds: -1 } }))).toBe('INVALID_THRESHOLDS');
    expect(codeOf(() => resolveZoneThresholds({ chilled: { upperCelsius: 400 } }))).toBe(
      'INVALID_THRESHOLDS',
    );
  });

  it('rejects a merged zone whose limits contradict each other', () => {
    // clearing a high excursion at 1.5 °C would already be a low one below 2 °C
    expect(codeOf(() => resolveZoneThresholds({ chilled: { upperCelsius: 2.5, lowerCelsius: 2 } }))).toBe(
      'INVALID_THRESHOLDS',
    );
    expect(codeOf(() => resolveZoneThresholds({ frozen: { thawLimitCelsius: -20 } }))).toBe(
      'INVALID_THRESHOLDS',
    );
  });

  it('applies the set_thresholds command over the current table and leaves it untouched on error', () => {
    const cmd = CommandBody.parse({
      type: 'set_thresholds',
      zone: 'cold',
      limits: { upperCelsius: 3, delaySeconds: 300 },
    });
    if (cmd.type !== 'set_thresholds') throw new Error('parsed the wrong command');
    const current = resolveZoneThresholds({ cold: { budgetMinutes: 15 } });
    const next = applyZoneLimits(current, cmd.zone, cmd.limits);
    expect(next.cold).toMatchObject({
      upperCelsius: 3,
      delaySeconds: 300,
      budgetMinutes: 15,
      lowerCelsius: -1,
    });
    expect(current.cold.upperCelsius).toBe(4);
    expect(codeOf(() => applyZoneLimits(current, 'cold', { lowerCelsius: 3.5 }))).toBe('INVALID_THRESHOLDS');
    expect(current.cold.lowerCelsius).toBe(-1);
  });
});
