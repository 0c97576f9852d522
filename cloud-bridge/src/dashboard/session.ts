import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Operators } from './operators.js';

export interface Session {
  readonly operator: string;
  readonly expiresAt: Date;
  /** the token's MAC: identifies the session for a logout without a session table */
  readonly id: string;
}

const Payload = z.object({
  /** operator name */
  o: z.string().min(1),
  /** credential tag: the password this session was opened with */
  k: z.string().min(1),
  /** expiry, ms since the epoch */
  e: z.number().int(),
  /** random: two logins in the same millisecond are still two sessions, revoked separately */
  n: z.string().min(1),
});

const VERSION = 'v1';
// Binds the MAC to this purpose, so no other HMAC made with the same secret passes as a session.
const CONTEXT = 'regiobox-dashboard-session';

/**
 * Stateless, HMAC-signed session tokens: `v1.<payload>.<mac>` in base64url. A token is valid until
 * its expiry, while its operator still exists with the same password, and until a logout revokes it
 * (the revocation is remembered only until the token would have expired anyway).
 */
export class SessionTokens {
  private readonly key: Buffer;
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly o: {
      readonly operators: Operators;
      readonly clock: Clock;
      readonly lifetimeMs: number;
      /** ≥ 32 characters; a random key when absent */
      readonly secret?: string;
    },
  ) {
    this.key = o.secret ? Buffer.from(o.secret, 'utf8') : randomBytes(32);
  }

  issue(operator: string): { token: string; session: Session } {
    const k = this.o.operators.credentialTag(operator);
    if (!k) throw new RangeError(`no operator ${operator}`);
    const expiresAt = new Date(this.o.clock.now().getTime() + this.o.lifetimeMs);
    const body = { o: operator, k, e: expiresAt.getTime(), n: randomBytes(9).toString('base64url') };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    const mac = this.mac(payload);
    return {
      token: `${VERSION}.${payload}.${mac.toString('base64url')}`,
      session: { operator, expiresAt, id: mac.toString('base64url') },
    };
  }

  /** The session a token stands for, or undefined for anything forged, expired, revoked or stale. */
  verify(token: string | undefined): Session | undefined {
    const [version, payload, mac, ...rest] = (token ?? '').split('.');
    if (version !== VERSION || !payload || !mac || rest.length > 0) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const parsed = Payload.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const { o: operator, k, e } = parsed.data;
    const now = this.o.clock.now().getTime();
    if (e <= now || this.revoked.has(mac)) return undefined;
    if (this.o.operators.credentialTag(operator) !== k) return undefined;
    return { operator, expiresAt: new Date(e), id: mac };
  }

  revoke(session: Session): void {
    const now = this.o.clock.now().getTime();
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    this.revoked.set(session.id, session.expiresAt.getTime());
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(`${CONTEXT}.${VERSION}.${payload}`).digest();
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
