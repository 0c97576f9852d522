import type { NackCode } from '@regiobox/firmware-proto';
import type { BoardTimers, TimerHandle } from './timers.js';

export type PulseEnd = 'elapsed' | 'released' | 'watchdog';

/** One energising of one solenoid, as the board's log keeps it. Times are board milliseconds. */
export interface SolenoidPulse {
  readonly channel: number;
  readonly pulseMs: number;
  readonly commandId: number;
  readonly startedAt: number;
  endedAt?: number;
  endedBy?: PulseEnd;
}

export type PulseRefusal = { code: NackCode; retryAfterMs: number };

interface ChannelState {
  active?: { record: SolenoidPulse; timer: TimerHandle };
  /** board time before which this channel refuses a pulse */
  freeAt: number;
}

/**
 * The lock outputs: each solenoid is energised for exactly its pulse by the board's own timer, never
 * longer than maxPulseMs, and rests for cooldownMs afterwards, because a held solenoid burns out.
 */
export class Solenoids {
  private readonly channels: ChannelState[];
  private readonly log: SolenoidPulse[] = [];

  constructor(
    count: number,
    private readonly limits: { maxPulseMs: number; cooldownMs: number },
    private readonly timers: BoardTimers,
    private readonly listener: { started(record: SolenoidPulse): void; ended(record: SolenoidPulse): void },
  ) {
    this.channels = Array.from({ length: count }, () => ({ freeAt: Number.NEGATIVE_INFINITY }));
  }

  get count(): number {
    return this.channels.length;
  }

  /** Why a pulse would be refused now, or undefined when it may start (PROTOCOL.md 7.1 steps 2-4). */
  refusal(channel: number, pulseMs: number): PulseRefusal | undefined {
    const state = this.channels[channel];
    if (!state) return { code: 'UNKNOWN_CHANNEL', retryAfterMs: 0 };
    if (pulseMs < 1 || pulseMs > this.limits.maxPulseMs)
      return { code: 'PULSE_OUT_OF_RANGE', retryAfterMs: 0 };
    const waitMs = state.active
      ? state.active.record.startedAt +
        state.active.record.pulseMs +
        this.limits.cooldownMs -
        this.timers.now()
      : state.freeAt - this.timers.now();
    if (waitMs > 0)
      return { code: 'COOLDOWN', retryAfterMs: Math.min(0xffff, Math.max(1, Math.ceil(waitMs))) };
    return undefined;
  }

  /** Energises the channel; the caller has checked `refusal` first. */
  start(channel: number, pulseMs: number, commandId: number): SolenoidPulse {
    const state = this.channels[channel];
    if (!state || this.refusal(channel, pulseMs)) throw new Error(`channel ${channel} cannot pulse now`);
    const record: SolenoidPulse = { channel, pulseMs, commandId, startedAt: this.timers.now() };
    state.active = { record, timer: this.timers.after(pulseMs, () => this.end(channel, 'elapsed')) };
    this.log.push(record);
    this.listener.started(record);
    return record;
  }

  releaseAll(reason: Exclude<PulseEnd, 'elapsed'>): void {
    for (let channel = 0; channel < this.channels.length; channel++) this.end(channel, reason);
  }

  energised(channel: number): boolean {
    return this.channels[channel]?.active !== undefined;
  }

  states(): boolean[] {
    return this.channels.map((state) => state.active !== undefined);
  }

  pulses(): readonly SolenoidPulse[] {
    return this.log;
  }

  private end(channel: number, reason: PulseEnd): void {
    const state = this.channels[channel];
    const active = state?.active;
    if (!state || !active) return;
    active.timer.cancel();
    state.active = undefined;
    const now = this.timers.now();
    state.freeAt = now + this.limits.cooldownMs;
    active.record.endedAt = now;
    active.record.endedBy = reason;
    this.listener.ended(active.record);
  }
}
