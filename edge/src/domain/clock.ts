/**
 * Time as the domain sees it. `now()` is the wall clock (deadlines, event stamps); `monotonicMs()`
 * never jumps, so timeouts and lockouts stay right when NTP corrects the wall clock after boot.
 */
export interface Clock {
  now(): Date;
  monotonicMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};

/** A clock that moves only when told to: for tests and for the simulator's fast-forward. */
export class ManualClock implements Clock {
  private wallMs: number;
  private mono = 0;

  constructor(start: Date | string = '2026-01-01T08:00:00.000Z') {
    this.wallMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.wallMs);
  }

  monotonicMs(): number {
    return this.mono;
  }

  /** Both clocks advance together, as real time does. */
  advance(ms: number): void {
    this.wallMs += ms;
    this.mono += ms;
  }

  /** Only the wall clock jumps (an NTP correction); monotonic time is unaffected. */
  jumpWall(ms: number): void {
    this.wallMs += ms;
  }
}
