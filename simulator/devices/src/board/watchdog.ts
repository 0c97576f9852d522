import type { BoardTimers, TimerHandle } from './timers.js';

/** The host-silence watchdog (PROTOCOL.md 7.5): fires once per silence, re-armed by the next frame. */
export class WatchdogTimer {
  private timer: TimerHandle | undefined;
  private fired = false;

  constructor(
    private readonly timers: BoardTimers,
    private readonly periodMs: number,
    private readonly onExpire: () => void,
  ) {}

  get expired(): boolean {
    return this.fired;
  }

  kick(): void {
    this.timer?.cancel();
    this.fired = false;
    this.timer = this.timers.after(this.periodMs, () => {
      this.timer = undefined;
      this.fired = true;
      this.onExpire();
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
