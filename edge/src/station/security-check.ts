import type { Logger } from 'pino';
import type { StationConfig } from '../config/schema.js';
import { guessProbabilityPerYear } from '../domain/lockout.js';

/** The bound edge/SECURITY.md asks for: at most 1 in 1,000 per station-year. */
export const MAX_GUESS_PROBABILITY = 1 / 1000;

/**
 * Active codes a full station holds: a PIN per order and a loading or retrieval code per parcel,
 * with every compartment taken by a one-parcel order. Service codes come on top, rarely.
 */
export const typicalActiveCodes = (compartments: number): number => 2 * compartments + 2;

/** Logs a warning at start when the configured code lengths are too short for this station's size. */
export const warnIfGuessable = (config: StationConfig, log: Logger): number => {
  const c = config.codes;
  const digits = Math.min(c.pinDigits, c.loadingCodeDigits, c.retrievalCodeDigits, c.serviceCodeDigits);
  const activeCodes = typicalActiveCodes(config.compartments.length);
  const p = guessProbabilityPerYear(c.lockout, activeCodes, digits);
  if (p >= MAX_GUESS_PROBABILITY)
    log.warn(
      { probability: p, activeCodes, digits },
      'codes can be guessed with more than 1 in 1,000 chance per year; raise codes.*Digits (see SECURITY.md)',
    );
  return p;
};
