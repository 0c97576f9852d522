import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../registry/password-hash.js';
import type { OperatorCredential } from './config.js';

/**
 * Operators are people typing passwords, unlike stations with random secrets: their hashes get a
 * higher scrypt cost (64 MiB, ~0.1–0.3 s), affordable because logins are rare.
 */
const OPERATOR_COST = { ln: 16, r: 8, p: 1 } as const;

/** A hash nobody's password matches, at the cost of `like`, so checking it takes as long. */
const decoyLike = (like: string | undefined): string => {
  const cost = /^\$scrypt\$(ln=\d+,r=\d+,p=\d+)\$/.exec(like ?? '')?.[1] ?? `ln=${OPERATOR_COST.ln},r=8,p=1`;
  return `$scrypt$${cost}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
};

/** What a login checks; the role and groups are the dashboard's business (access.ts). */
type Login = Pick<OperatorCredential, 'name' | 'passwordHash'>;

/** Produces the `passwordHash` for the dashboard config; the password itself is never stored. */
export const hashOperatorPassword = (password: string): Promise<string> => {
  if (password.length < 10) throw new RangeError('an operator password needs at least 10 characters');
  return hashPassword(password, randomBytes(16), OPERATOR_COST);
};

/** The configured operators; a session names one of them and the version of their password. */
export class Operators {
  private readonly byName: Map<string, Login>;
  private readonly decoy: string;

  constructor(operators: readonly Login[]) {
    this.byName = new Map(operators.map((o) => [o.name, o]));
    this.decoy = decoyLike(operators[0]?.passwordHash);
  }

  get size(): number {
    return this.byName.size;
  }

  /**
   * The operator's name when the password is right. An unknown name is checked against a decoy
   * hash, so the answer takes as long as for a known name with a wrong password.
   */
  async verify(name: string, password: string): Promise<string | undefined> {
    const operator = this.byName.get(name);
    const ok = await verifyPassword(password, operator?.passwordHash ?? this.decoy);
    return ok && operator ? operator.name : undefined;
  }

  /**
   * A short fingerprint of the operator's current hash: sessions carry it, so a changed password
   * (or a removed operator) ends the sessions issued before, without a session table.
   */
  credentialTag(name: string): string | undefined {
    const operator = this.byName.get(name);
    if (!operator) return undefined;
    return createHash('sha256').update(operator.passwordHash).digest('base64url').slice(0, 16);
  }
}
