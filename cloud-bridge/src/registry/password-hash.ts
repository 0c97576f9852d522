import { scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Salted scrypt hashes in a self-describing format, `$scrypt$ln=14,r=8,p=1$<salt b64>$<hash b64>`, so
 * the cost can be raised later without breaking stored hashes. Station passwords are 128+ bit random
 * strings, so the cost guards against nothing a dictionary could find; it is kept moderate (16 MiB,
 * ~30 ms) because the broker verifies on every connect and a fleet reconnects at once after an outage.
 * Hashing runs on the libuv pool (async scrypt) so a burst of connects never blocks the event loop.
 */
const DEFAULT_COST = { ln: 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

interface ScryptCost {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

const derive = (password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const N = 2 ** cost.ln;
    scrypt(password, salt, length, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });

export const hashPassword = async (
  password: string,
  salt: Buffer,
  cost: ScryptCost = DEFAULT_COST,
): Promise<string> => {
  if (salt.length < SALT_LENGTH) throw new RangeError(`salt must be at least ${SALT_LENGTH} bytes`);
  const key = await derive(password, salt, cost, KEY_LENGTH);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
};

const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** Constant time in the password; a malformed stored hash never matches. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.ln < 1 || cost.ln > 20 || cost.r < 1 || cost.p < 1) return false;
  const salt = Buffer.from(m[4] ?? '', 'base64');
  const expected = Buffer.from(m[5] ?? '', 'base64');
  if (expected.length === 0) return false;
  const actual = await derive(password, salt, cost, expected.length);
  return timingSafeEqual(actual, expected);
};

/**
 * A hash of a password nobody knows, verified against when a username does not exist so that a
 * failed login takes the same time whether or not the name is registered.
 */
export const DECOY_HASH = `$scrypt$ln=${DEFAULT_COST.ln},r=${DEFAULT_COST.r},p=${DEFAULT_COST.p}$${Buffer.alloc(SALT_LENGTH).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
