import type { Clock } from '../clock.js';

export interface LoginThrottleOptions {
  readonly clock: Clock;
  /** failed logins of one account from one address within the window before that pair is refused */
  readonly maxFailures: number;
  /**
   * failed logins from one address, whatever the accounts, before the address is refused: bounds a
   * spray of many names from one machine without locking out a colleague after a typo or two.
   */
  readonly maxFailuresPerAddress: number;
  readonly windowMs: number;
}

/**
 * Counts failed logins per account and address within a sliding window. A lock on the account alone
 * would let anyone lock a real operator out during an incident; a lock on the address alone locked
 * every operator behind the same office NAT out after one of them mistyped five times. So the pair
 * (account, address) is locked after `maxFailures`, and an address as a whole only after the larger
 * `maxFailuresPerAddress`. The right password of another account from the same address, and of the
 * same account from another address, still work.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly o: LoginThrottleOptions) {}

  /** Milliseconds until `account` may try again from `client`; 0 when it may try now. */
  retryAfterMs(account: string, client: string): number {
    return Math.max(
      this.wait(pairKey(account, client), this.o.maxFailures),
      this.wait(addressKey(client), this.o.maxFailuresPerAddress),
    );
  }

  failed(account: string, client: string): void {
    for (const key of [pairKey(account, client), addressKey(client)]) {
      const recent = this.recent(key);
      recent.push(this.o.clock.now().getTime());
      this.failures.set(key, recent);
    }
    // Bounds memory under a spray from many addresses: forget those whose window has passed.
    if (this.failures.size > 10_000) for (const key of this.failures.keys()) this.recent(key);
  }

  /** A login succeeded: that account's failures from that address are forgotten, no others. */
  succeeded(account: string, client: string): void {
    this.failures.delete(pairKey(account, client));
  }

  private wait(key: string, max: number): number {
    const recent = this.recent(key);
    if (recent.length < max) return 0;
    const oldest = recent[recent.length - max] ?? 0;
    return Math.max(0, oldest + this.o.windowMs - this.o.clock.now().getTime());
  }

  private recent(key: string): number[] {
    const since = this.o.clock.now().getTime() - this.o.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}

// Names compare case-insensitively here so that "Mara" and "mara" share one count.
const pairKey = (account: string, client: string): string => `p\u0000${account.toLowerCase()}\u0000${client}`;
const addressKey = (client: string): string => `a\u0000${client}`;
