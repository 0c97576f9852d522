import { HardwareError, type Locks } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { SerialLink } from '../serial-link/serial-link.js';
import { isKerongTimeout, type KerongSession } from './kerong-session.js';

/**
 * Locks on a cascade of Kerong boards: channel c is lock c mod 16 on the (c div 16)th board in
 * `boards`. The frames carry no command id, so a board cannot tell a repeated UNLOCK from a new one:
 * an UNLOCK is sent exactly once, and a lost reply is OUTCOME_UNKNOWN — the door switch decides.
 */
export class KerongLocks implements Locks {
  constructor(
    private readonly link: SerialLink<KerongSession>,
    private readonly boards: readonly number[],
    private readonly logger: Logger,
  ) {}

  async pulse(channel: number, pulseMs: number): Promise<void> {
    const session = this.link.session;
    if (session === null) {
      throw new HardwareError(
        'BOARD_UNREACHABLE',
        `lock board unreachable: ${this.link.health.get().detail}`,
      );
    }
    const board =
      Number.isInteger(channel) && channel >= 0 ? this.boards[Math.floor(channel / 16)] : undefined;
    if (board === undefined) {
      throw new HardwareError(
        'UNKNOWN_CHANNEL',
        `lock channel ${channel} does not exist; the boards have channels 0 to ${this.boards.length * 16 - 1}`,
      );
    }
    const lock = channel % 16;
    try {
      await session.client.unlock(board, lock);
    } catch (err) {
      this.logger.error({ err, channel, board, lock }, 'unlock outcome unknown; not sent again');
      if (isKerongTimeout(err)) this.link.reportTimeout();
      throw new HardwareError(
        'OUTCOME_UNKNOWN',
        `unlock of channel ${channel} not confirmed (${err instanceof Error ? err.message : String(err)}); the door switch decides`,
        undefined,
        { cause: err },
      );
    }
    // The board times the pulse itself (its own unlock-time setting); the requested length is not sent.
    this.logger.info({ channel, board, lock, requestedMs: pulseMs }, 'lock pulsed');
  }

  /** Nothing to send: a Kerong board de-energises each lock by itself after its unlock time. */
  async releaseAll(): Promise<void> {}
}
