/**
 * Time as the simulated board sees it. Injected so that tests and the fast-forward simulator can move
 * time by hand instead of waiting for real solenoid pulses and watchdog periods.
 */
export interface TimerHandle {
  readonly cancel: () => void;
}

export interface BoardTimers {
  /** monotonic milliseconds */
  now(): number;
  after(ms: number, callback: () => void): TimerHandle;
}

export const realTimers: BoardTimers = {
  now: () => performance.now(),
  after(ms, callback) {
    // A simulated board never keeps a process alive on its own.
    const timer = setTimeout(callback, ms).unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

interface ManualTimer {
  dueAt: number;
  order: number;
  callback: () => void;
}

/** Timers that fire only when `advance` moves time past them, in due order. */
export class ManualTimers implements BoardTimers {
  private time = 0;
  private order = 0;
  private readonly pending = new Set<ManualTimer>();

  now(): number {
    return this.time;
  }

  after(ms: number, callback: () => void): TimerHandle {
    const timer: ManualTimer = { dueAt: this.time + Math.max(0, ms), order: this.order++, callback };
    this.pending.add(timer);
    return { cancel: () => this.pending.delete(timer) };
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = [...this.pending]
        .filter((t) => t.dueAt <= target)
        .sort((a, b) => a.dueAt - b.dueAt || a.order - b.order)[0];
      if (!next) break;
      this.pending.delete(next);
      this.time = next.dueAt;
      next.callback();
    }
    this.time = target;
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}
