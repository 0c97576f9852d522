import type { Clock } from '../clock.js';

/**
 * Remote service openings per operator within a sliding window. The station has its own limit for
 * the whole station; this one stops one operator's session (or a stolen one) before it reaches it.
 */
export class ServiceOpenLimit {
  private readonly opened = new Map<string, number[]>();

  constructor(
    private readonly o: { readonly clock: Clock; readonly perWindow: number; readonly windowMs: number },
  ) {}

  /** Counts an opening for `operator`; returns 0 when allowed, else the milliseconds to wait. */
  take(operator: string): number {
    const now = this.o.clock.now().getTime();
    const recent = (this.opened.get(operator) ?? []).filter((t) => t > now - this.o.windowMs);
    if (recent.length >= this.o.perWindow) {
      this.opened.set(operator, recent);
      return (recent[recent.length - this.o.perWindow] ?? now) + this.o.windowMs - now;
    }
    recent.push(now);
    this.opened.set(operator, recent);
    return 0;
  }
}
