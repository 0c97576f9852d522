import { HardwareError, type Locks } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { type RandomSource, randomInt } from '../../domain/random.js';
import type { BoardConnection } from './board-connection.js';
import { toHardwareError, unlockFailure } from './errors.js';

/**
 * Lock channels on the board. Every unlock intent gets its own command id; the client retries a
 * lost frame with the same id, which the board answers without a second pulse (PROTOCOL.md 7.2).
 */
export class BoardLocks implements Locks {
  private nextCommandId: number;

  constructor(
    private readonly connection: BoardConnection,
    private readonly logger: Logger,
    random: RandomSource,
  ) {
    // A random start: ids stay unique across restarts of the station, which the board may outlive.
    this.nextCommandId = randomInt(random, 0x1_0000_0000);
  }

  async pulse(channel: number, pulseMs: number): Promise<void> {
    const board = this.connection.online;
    if (board === null) {
      throw new HardwareError(
        'BOARD_UNREACHABLE',
        `lock board unreachable: ${this.connection.health.get().detail}`,
      );
    }
    const { lockChannels, maxPulseMs } = board.capabilities;
    if (!Number.isInteger(channel) || channel < 0 || channel >= lockChannels) {
      throw new HardwareError(
        'UNKNOWN_CHANNEL',
        `lock channel ${channel} does not exist; the board has channels 0 to ${lockChannels - 1}`,
      );
    }
    const ms = Math.min(Math.max(1, Math.round(pulseMs)), maxPulseMs);
    if (ms !== pulseMs)
      this.logger.warn({ channel, requestedMs: pulseMs, pulseMs: ms }, 'pulse length clamped');
    const commandId = this.takeCommandId();
    try {
      // The ACK means "energised now" (PROTOCOL.md 7.1): that is the confirmation.
      await board.client.unlock(channel, ms, commandId);
      this.logger.info({ channel, pulseMs: ms, commandId }, 'lock pulsed');
    } catch (err) {
      const failure = unlockFailure(err, channel);
      if (failure.code !== 'OUTCOME_UNKNOWN') throw failure;
      if (await this.energisedNow(channel)) {
        this.logger.warn(
          { channel, commandId },
          'unlock ACK lost; the read-back shows the solenoid energised',
        );
        return;
      }
      this.logger.error({ err, channel, commandId }, 'unlock outcome unknown');
      this.connection.reportTimeout();
      throw failure;
    }
  }

  /** Turns every output off. While the board is unreachable there is nothing to send: the driver
   * sends RELEASE_ALL itself on every reopen, and the board's watchdog releases a silent host. */
  async releaseAll(): Promise<void> {
    const board = this.connection.online;
    if (board === null) return;
    try {
      await board.client.releaseAll();
    } catch (err) {
      throw toHardwareError(err, 'RELEASE_ALL');
    }
  }

  /** After an unconfirmed UNLOCK: does the board report the solenoid energised? */
  private async energisedNow(channel: number): Promise<boolean> {
    const board = this.connection.online;
    if (board === null) return false;
    try {
      const states = await board.client.readStates();
      return states.locks[channel] === true;
    } catch {
      return false;
    }
  }

  private takeCommandId(): number {
    const id = this.nextCommandId;
    this.nextCommandId = (id + 1) >>> 0;
    return id;
  }
}
