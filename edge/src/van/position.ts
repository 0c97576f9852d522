import type { Fix } from '../domain/tour.js';

/**
 * Where the van is: gpsd on a van, a simulated route in the demo. `latest()` is the newest fix, however
 * old; the tour keeper decides when it is too old to trust.
 */
export interface PositionSource {
  start(): void;
  stop(): Promise<void>;
  latest(): Fix | null;
  /** called for every new fix; returns the unsubscribe */
  onFix(listener: (fix: Fix) => void): () => void;
}

/** A position the caller moves by hand: the demo's driving van and tests of the tour keeper. */
export class SteeredPosition implements PositionSource {
  private fix: Fix | null = null;
  private readonly listeners = new Set<(fix: Fix) => void>();

  start(): void {}

  async stop(): Promise<void> {
    this.listeners.clear();
  }

  latest(): Fix | null {
    return this.fix;
  }

  onFix(listener: (fix: Fix) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The van is here now. */
  moveTo(fix: Fix): void {
    this.fix = fix;
    for (const l of this.listeners) l(fix);
  }
}
