import { mosquittoHash } from './mosquitto-hash.js';
import { hashPassword } from './password-hash.js';

/** 24 random bytes: 192 bits, 32 printable characters without `:` (safe in a Mosquitto password file). */
const PASSWORD_BYTES = 24;

export interface IssuedSecret {
  /** shown once to whoever registers the login, never stored */
  readonly password: string;
  /** scrypt, what the embedded broker verifies */
  readonly hash: string;
  /** PBKDF2 `$7$`, what the Mosquitto password file holds; only computable while the password is known */
  readonly mosquittoHash: string;
}

export const issueSecret = async (random: (size: number) => Buffer): Promise<IssuedSecret> => {
  const password = random(PASSWORD_BYTES).toString('base64url');
  const hash = await hashPassword(password, random(16));
  return { password, hash, mosquittoHash: mosquittoHash(password, random(12)) };
};
