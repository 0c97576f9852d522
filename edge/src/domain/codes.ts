import { createHmac, timingSafeEqual } from 'node:crypto';
import { QR_TOKEN_MIN_DIGITS } from '@regiobox/contract';
import { DomainError } from './errors.js';
import { type RandomSource, randomInt } from './random.js';

/**
 * Codes are random digit strings; the station keeps only HMAC-SHA256(stationKey, code). Digits only,
 * also for the QR token: a USB scanner "types" it like a keyboard, and digits come out the same on
 * every keyboard layout (a German layout swaps Y and Z).
 */
export type CodeKind = 'pickup' | 'qr' | 'loading' | 'retrieval' | 'service';

export { QR_TOKEN_MIN_DIGITS };

export const generateDigits = (random: RandomSource, digits: number): string => {
  let out = '';
  for (let i = 0; i < digits; i++) out += String(randomInt(random, 10));
  return out;
};

export const macCode = (key: Uint8Array, code: string): Buffer =>
  createHmac('sha256', key).update('regiobox-code:').update(code).digest();

/** Keypad and scanner input as a customer types it: spaces and dashes used for grouping are ignored. */
export const normaliseCode = (input: string): string | null => {
  const code = input.replace(/[\s-]/g, '');
  return /^\d{1,64}$/.test(code) ? code : null;
};

/** Long codes are QR tokens: they go around the keypad lockout because guessing them is hopeless. */
export const isQrToken = (code: string): boolean => code.length >= QR_TOKEN_MIN_DIGITS;

export interface StoredMac {
  readonly mac: Uint8Array;
}

/**
 * Compares against every candidate in constant time per comparison and without stopping at a match,
 * so the time taken says nothing about which code (if any) matched.
 */
export const findByMac = <T extends StoredMac>(mac: Buffer, candidates: readonly T[]): T | null => {
  let found: T | null = null;
  for (const c of candidates) {
    const same = c.mac.length === mac.length && timingSafeEqual(c.mac, mac);
    if (same && found === null) found = c;
  }
  return found;
};

/** A fresh code whose MAC matches no active code; gives up after a bounded number of draws. */
export const issueUniqueCode = (
  random: RandomSource,
  key: Uint8Array,
  digits: number,
  activeMacs: readonly StoredMac[],
  alsoTaken: readonly Buffer[] = [],
): { code: string; mac: Buffer } => {
  const taken = [...activeMacs, ...alsoTaken.map((mac) => ({ mac }))];
  for (let attempt = 0; attempt < 32; attempt++) {
    const code = generateDigits(random, digits);
    const mac = macCode(key, code);
    if (findByMac(mac, taken) === null) return { code, mac };
  }
  throw new DomainError('CODE_SPACE_EXHAUSTED', `could not draw a unique ${digits}-digit code`);
};
