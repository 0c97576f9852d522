import type { AlarmSignal } from '../domain/alarms/types.js';
import type { Clock } from '../domain/clock.js';

/**
 * The time the alarm rules run on: the wall clock as it was when the monitor started, carried on by
 * the monotonic clock. The rules measure durations (a door open for 3 min, a probe silent for 60 s,
 * a value unchanged for 2 h); fed the wall clock, the step NTP makes after a Pi boots would look like
 * hours passing at once and raise a flood of false alarms. What the rules say is turned back into
 * wall time before it is recorded.
 */
export class RuleTime {
  private readonly wall0: number;
  private readonly mono0: number;

  constructor(private readonly clock: Clock) {
    this.wall0 = clock.now().getTime();
    this.mono0 = clock.monotonicMs();
  }

  now(): Date {
    return new Date(this.steadyMs());
  }

  /** A wall time from elsewhere (a station notice) in rule time. */
  fromWall(wall: Date): Date {
    return new Date(wall.getTime() - this.offsetMs());
  }

  /** The rules' signals stamped in wall time again. */
  toWall(signals: readonly AlarmSignal[]): AlarmSignal[] {
    if (signals.length === 0) return [];
    const offset = this.offsetMs();
    return signals.map((s) => ({ ...s, at: new Date(s.at.getTime() + offset) }));
  }

  private steadyMs(): number {
    return this.wall0 + (this.clock.monotonicMs() - this.mono0);
  }

  private offsetMs(): number {
    return this.clock.now().getTime() - this.steadyMs();
  }
}
