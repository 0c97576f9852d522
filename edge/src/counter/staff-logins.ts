import type { StaffMember } from '../config/counter.js';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import { decoyHashLike, verifyStaffPassword } from './staff-password.js';

export interface StaffLoginOptions {
  readonly staff: readonly StaffMember[];
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly sessionMinutes: number;
  /** wrong passwords for one login from one device within the window before it waits */
  readonly maxFailures: number;
}

export type LoginResult =
  | { readonly ok: true; readonly token: string; readonly staff: StaffMember }
  | { readonly ok: false; readonly reason: 'WRONG_LOGIN' }
  | { readonly ok: false; readonly reason: 'THROTTLED'; readonly retryAfterMs: number };

/** Failures are remembered this long; the throttle is a count within it. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
/** A device trying many names is slowed at this many times one login's limit. */
const DEVICE_FACTOR = 4;
const MAX_SESSIONS = 500;

/**
 * Staff logins at the counter: scrypt-checked passwords (an unknown name costs as long as a wrong
 * password), a throttle per login and device and per device, and sessions for a shift, in memory
 * (after a restart staff log in again). Time is monotonic: a clock correction neither ends a shift
 * nor lifts a throttle.
 */
export class StaffLogins {
  private readonly byId: Map<string, StaffMember>;
  private readonly decoy: string;
  private readonly failures = new Map<string, number[]>();
  private readonly sessions = new Map<string, { staffId: string; untilMs: number }>();

  constructor(private readonly o: StaffLoginOptions) {
    this.byId = new Map(o.staff.map((s) => [s.id, s]));
    this.decoy = decoyHashLike(o.staff[0]?.passwordHash);
  }

  async login(id: string, password: string, device: string): Promise<LoginResult> {
    const wait = this.retryAfterMs(id, device);
    if (wait > 0) return { ok: false, reason: 'THROTTLED', retryAfterMs: wait };
    const member = this.byId.get(id);
    const ok = await verifyStaffPassword(password, member?.passwordHash ?? this.decoy);
    if (!ok || !member) {
      this.failed(id, device);
      return { ok: false, reason: 'WRONG_LOGIN' };
    }
    this.failures.delete(`${id}\n${device}`);
    const token = Buffer.from(this.o.random.bytes(24)).toString('base64url');
    if (this.sessions.size >= MAX_SESSIONS) this.sweep();
    this.sessions.set(token, { staffId: id, untilMs: this.mono() + this.o.sessionMinutes * 60_000 });
    return { ok: true, token, staff: member };
  }

  /** The staff member a session belongs to, while it lasts and while they are still in the config. */
  whoIs(token: string | undefined): StaffMember | null {
    const s = token === undefined ? undefined : this.sessions.get(token);
    if (!s) return null;
    if (s.untilMs <= this.mono()) {
      this.sessions.delete(token as string);
      return null;
    }
    return this.byId.get(s.staffId) ?? null;
  }

  logout(token: string | undefined): void {
    if (token !== undefined) this.sessions.delete(token);
  }

  private retryAfterMs(id: string, device: string): number {
    return Math.max(
      this.wait(`${id}\n${device}`, this.o.maxFailures),
      this.wait(`\n${device}`, this.o.maxFailures * DEVICE_FACTOR),
    );
  }

  private failed(id: string, device: string): void {
    for (const key of [`${id}\n${device}`, `\n${device}`])
      this.failures.set(key, [...this.recent(key), this.mono()]);
  }

  private wait(key: string, max: number): number {
    const recent = this.recent(key);
    if (recent.length < max) return 0;
    return Math.max(0, (recent[recent.length - max] ?? 0) + LOGIN_WINDOW_MS - this.mono());
  }

  private recent(key: string): number[] {
    const since = this.mono() - LOGIN_WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private sweep(): void {
    const now = this.mono();
    for (const [token, s] of this.sessions) if (s.untilMs <= now) this.sessions.delete(token);
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value ?? '');
  }

  private mono(): number {
    return this.o.clock.monotonicMs();
  }
}
