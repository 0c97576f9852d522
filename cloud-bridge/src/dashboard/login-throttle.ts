import type { Clock } from '../clock.js';

/**
 * Counts failed logins per client address within a sliding window. Keyed by address, not by
 * operator name: a name-based lock would let anyone lock a real operator out during an incident.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly o: { readonly clock: Clock; readonly maxFailures: number; readonly windowMs: number },
  ) {}

  /** Milliseconds until `client` may try again; 0 when it may try now. */
  retryAfterMs(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.o.maxFailures) return 0;
    const oldest = recent[recent.length - this.o.maxFailures] ?? 0;
    return Math.max(0, oldest + this.o.windowMs - this.o.clock.now().getTime());
  }

  failed(client: string): void {
    const recent = this.recent(client);
    recent.push(this.o.clock.now().getTime());
    this.failures.set(client, recent);
    // Bounds memory under a spray from many addresses: forget those whose window has passed.
    if (this.failures.size > 10_000) for (const key of this.failures.keys()) this.recent(key);
  }

  succeeded(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string): number[] {
    const since = this.o.clock.now().getTime() - this.o.windowMs;
    const kept = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(client);
    else this.failures.set(client, kept);
    return kept;
  }
}
