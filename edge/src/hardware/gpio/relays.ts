import { setTimeout as sleep } from 'node:timers/promises';
import type { GpioOutputLine } from '@regiobox/hardware-api';
import { HardwareError, type Locks } from '@regiobox/hardware-api';
import type { Logger } from 'pino';

export interface GpioRelaysOptions {
  readonly channelCount: number;
  /** A solenoid held longer than this overheats; longer requests are shortened to it. */
  readonly maxPulseMs: number;
  /** the relay lines by lock channel, or a reason why they are not available right now */
  readonly lines: () => RelayLines;
  readonly logger: Logger;
}

export type RelayLines =
  | { readonly ok: true; readonly lines: readonly GpioOutputLine[] }
  | { readonly ok: false; readonly reason: string };

interface RunningPulse {
  readonly endsAt: number;
  readonly abort: AbortController;
}

/**
 * Lock relays on GPIO. A pulse is energise → wait → de-energise, and the de-energise runs whatever
 * happens in between; one channel never carries two pulses at once.
 */
export class GpioRelays implements Locks {
  private readonly running = new Map<number, RunningPulse>();

  constructor(private readonly options: GpioRelaysOptions) {}

  async pulse(channel: number, pulseMs: number): Promise<void> {
    const { channelCount, maxPulseMs, logger } = this.options;
    if (!Number.isInteger(channel) || channel < 0 || channel >= channelCount) {
      throw new HardwareError(
        'UNKNOWN_CHANNEL',
        `lock channel ${channel} has no relay; this station has channels 0 to ${channelCount - 1}`,
      );
    }
    const relays = this.options.lines();
    if (!relays.ok) throw new HardwareError('DEVICE_MISSING', `lock relays unavailable: ${relays.reason}`);
    const line = relays.lines[channel];
    if (line === undefined)
      throw new HardwareError('UNKNOWN_CHANNEL', `lock channel ${channel} is not wired`);
    const busy = this.running.get(channel);
    if (busy !== undefined) {
      const retryAfterMs = Math.max(0, Math.ceil(busy.endsAt - performance.now()));
      throw new HardwareError(
        'SOLENOID_COOLDOWN',
        `lock channel ${channel} is already pulsing`,
        retryAfterMs,
      );
    }
    const ms = Math.min(Math.max(Math.round(pulseMs), 1), maxPulseMs);
    if (ms !== pulseMs) logger.warn({ channel, requestedMs: pulseMs, pulseMs: ms }, 'pulse length clamped');

    const abort = new AbortController();
    this.running.set(channel, { endsAt: performance.now() + ms, abort });
    let failure: unknown;
    try {
      await line.write(true);
      await sleep(ms, undefined, { signal: abort.signal });
    } catch (err) {
      failure = err;
    } finally {
      const released = await this.deactivate(channel, line);
      this.running.delete(channel);
      if (!released && failure === undefined) failure = new Error('relay did not release');
    }
    if (failure !== undefined) {
      if (failure instanceof HardwareError) throw failure;
      const cutShort = abort.signal.aborted;
      throw new HardwareError(
        'OUTCOME_UNKNOWN',
        cutShort
          ? `pulse on lock channel ${channel} was cut short by a release of all relays`
          : `pulse on lock channel ${channel} failed; the latch may or may not have released`,
        undefined,
        { cause: failure },
      );
    }
    logger.debug({ channel, pulseMs: ms }, 'lock pulsed');
  }

  async releaseAll(): Promise<void> {
    for (const pulse of this.running.values()) pulse.abort.abort();
    const relays = this.options.lines();
    if (!relays.ok) return;
    await Promise.all(relays.lines.map((line, channel) => this.deactivate(channel, line)));
  }

  /** Drives a relay off; falls back to the synchronous path when the async one fails. */
  private async deactivate(channel: number, line: GpioOutputLine): Promise<boolean> {
    try {
      await line.write(false);
      return true;
    } catch (err) {
      this.options.logger.error({ err, channel }, 'relay release failed; retrying synchronously');
    }
    try {
      line.writeInactiveSync();
      return true;
    } catch (err) {
      this.options.logger.fatal(
        { err, channel },
        'relay could not be released; the solenoid may be energised',
      );
      return false;
    }
  }
}
