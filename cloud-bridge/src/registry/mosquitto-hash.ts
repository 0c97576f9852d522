import { pbkdf2Sync, timingSafeEqual } from 'node:crypto';

/**
 * The hash Mosquitto 2 reads from its password file, as `mosquitto_passwd` writes it:
 * `$7$<iterations>$<base64 12-byte salt>$<base64 64-byte PBKDF2-HMAC-SHA512>`.
 * It is computed when a secret is issued (the only moment the clear password exists) and stored, so
 * the password file can be rewritten at any time. The iteration count is above mosquitto_passwd's
 * default of 101 but low, because Mosquitto pays it on every connect and the passwords are random.
 */
export const MOSQUITTO_ITERATIONS = 1000;
const SALT_LENGTH = 12;
const KEY_LENGTH = 64;

export const mosquittoHash = (password: string, salt: Buffer, iterations = MOSQUITTO_ITERATIONS): string => {
  if (salt.length !== SALT_LENGTH) throw new RangeError(`mosquitto salts are ${SALT_LENGTH} bytes`);
  const key = pbkdf2Sync(password, salt, iterations, KEY_LENGTH, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
};

const FORMAT = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** Checks a password against a `$7$` hash exactly as Mosquitto would. */
export const verifyMosquittoHash = (password: string, stored: string): boolean => {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[3] ?? '', 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const key = pbkdf2Sync(password, Buffer.from(m[2] ?? '', 'base64'), Number(m[1]), KEY_LENGTH, 'sha512');
  return timingSafeEqual(key, expected);
};
