import { scrypt, timingSafeEqual } from 'node:crypto';
import type { RandomSource } from '../domain/random.js';

/**
 * Staff passwords as salted scrypt hashes in the bridge's format (`$scrypt$ln=14,r=8,p=1$salt$hash`),
 * so the same tools read both. 16 MiB and a few tenths of a second on a Pi: logins are rare (a shift),
 * and the page throttles guessing on top.
 */
export const STAFF_COST = { ln: 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

interface Cost {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

const derive = (password: string, salt: Buffer, cost: Cost, length: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const N = 2 ** cost.ln;
    scrypt(
      password,
      salt,
      length,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });

export class StaffPasswordError extends Error {
  readonly code = 'PASSWORD_TOO_SHORT';
}

/** The `passwordHash` for `staff[]` in the station config; the password itself is never stored. */
export const hashStaffPassword = async (
  password: string,
  random: RandomSource,
  cost: Cost = STAFF_COST,
): Promise<string> => {
  if (password.length < 8) throw new StaffPasswordError('a staff password needs at least 8 characters');
  const salt = Buffer.from(random.bytes(16));
  const key = await derive(password, salt, cost, KEY_LENGTH);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
};

/** Constant time in the password; a malformed hash never matches. */
export const verifyStaffPassword = async (password: string, stored: string): Promise<boolean> => {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.ln < 1 || cost.ln > 20 || cost.r < 1 || cost.p < 1) return false;
  const expected = Buffer.from(m[5] ?? '', 'base64');
  if (expected.length === 0) return false;
  const actual = await derive(password, Buffer.from(m[4] ?? '', 'base64'), cost, expected.length);
  return timingSafeEqual(actual, expected);
};

/** Verified against when a login name does not exist, so a wrong name takes as long as a wrong password. */
export const decoyHashLike = (like: string | undefined): string => {
  const cost = /^\$scrypt\$(ln=\d+,r=\d+,p=\d+)\$/.exec(like ?? '')?.[1] ?? 'ln=14,r=8,p=1';
  return `$scrypt$${cost}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
};
