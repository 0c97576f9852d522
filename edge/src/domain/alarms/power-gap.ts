import type { Zone } from '@regiobox/contract';
import type { ZoneThresholdTable } from '../coldchain/zones.js';
import type { AlarmSettings } from './settings.js';
import { type AlarmSignal, formatDuration, STATION_WIDE } from './types.js';

export interface CompartmentLoad {
  readonly compartment: number;
  readonly zone: Zone;
  readonly loaded: boolean;
}

export interface PowerGapInput {
  /** the last "still alive" stamp the station persisted before it went down; null on a first start */
  readonly lastAliveAt: Date | null;
  readonly now: Date;
  /** what was loaded when the station went down (the store still says so after the restart) */
  readonly compartments: readonly CompartmentLoad[];
  readonly thresholds: ZoneThresholdTable;
  readonly settings: AlarmSettings;
}

export interface PowerGapAssessment {
  readonly gapSeconds: number;
  /** loaded chilled/cold/frozen compartments that were without cooling for longer than their zone's delay */
  readonly atRisk: readonly number[];
  readonly coldChainMayBeBroken: boolean;
  /**
   * power_restored raised and at once cleared (the outage is over), so it waits only for an
   * operator's acknowledgement; empty when the gap was a mere restart.
   */
  readonly signals: readonly AlarmSignal[];
}

/**
 * Judges the time the station was down. Without power there was no cooling and no measurement, so
 * every loaded cooled compartment whose zone delay the gap exceeds may have lost its cold chain;
 * the cold-chain records count the same gap as unknown.
 */
export const assessPowerGap = (input: PowerGapInput): PowerGapAssessment => {
  const { lastAliveAt, now, thresholds } = input;
  const gapMs = lastAliveAt ? Math.max(0, now.getTime() - lastAliveAt.getTime()) : 0;
  const atRisk = input.compartments
    .filter((c) => c.loaded && c.zone !== 'ambient' && gapMs > thresholds[c.zone].delaySeconds * 1000)
    .map((c) => c.compartment);
  const coldChainMayBeBroken = atRisk.length > 0;
  const gapSeconds = Math.round(gapMs / 1000);
  const restartOnly = gapMs < input.settings.powerGapMinSeconds * 1000 && !coldChainMayBeBroken;
  if (restartOnly) return { gapSeconds, atRisk, coldChainMayBeBroken, signals: [] };

  const risk = coldChainMayBeBroken
    ? `cold chain may be broken in compartment(s) ${atRisk.join(', ')}`
    : 'no loaded cooled compartment was at risk';
  const detail = `station was down for ${formatDuration(gapMs)} (since ${lastAliveAt?.toISOString()}); ${risk}`;
  const raise: AlarmSignal = {
    type: 'raise',
    kind: 'power_restored',
    subject: STATION_WIDE,
    severity: coldChainMayBeBroken ? 'critical' : 'info',
    detail,
    at: now,
  };
  return {
    gapSeconds,
    atRisk,
    coldChainMayBeBroken,
    signals: [raise, { type: 'clear', kind: 'power_restored', subject: STATION_WIDE, at: now }],
  };
};
