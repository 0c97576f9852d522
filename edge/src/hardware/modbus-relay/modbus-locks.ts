import { HardwareError, type Locks } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { SerialLink } from '../serial-link/serial-link.js';
import { isModbusTimeout, type ModbusRelayHardwareConfig, type ModbusSession } from './modbus-session.js';

/**
 * Locks on relay coils. With `flashOn` the board times each pulse itself; without it the driver
 * switches the coil on and off. Modbus RTU has no command id, so a pulse is sent exactly once: when
 * its reply is lost, the coil is read back — energised means it fired — else OUTCOME_UNKNOWN.
 */
export class ModbusLocks implements Locks {
  constructor(
    private readonly link: SerialLink<ModbusSession>,
    private readonly config: ModbusRelayHardwareConfig,
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
    if (!Number.isInteger(channel) || channel < 0 || channel >= this.config.relays) {
      throw new HardwareError(
        'UNKNOWN_CHANNEL',
        `lock channel ${channel} does not exist; the board has relays 0 to ${this.config.relays - 1}`,
      );
    }
    try {
      if (this.config.flashOn) await session.flashOn(channel, pulseMs);
      else await session.setRelay(channel, true);
    } catch (err) {
      if (await this.energisedNow(session, channel)) {
        this.logger.warn({ channel }, 'pulse reply lost; the read-back shows the relay energised');
      } else {
        this.logger.error({ err, channel }, 'unlock outcome unknown; not sent again');
        if (isModbusTimeout(err)) this.link.reportTimeout();
        throw new HardwareError(
          'OUTCOME_UNKNOWN',
          `unlock of channel ${channel} not confirmed (${err instanceof Error ? err.message : String(err)}); the door switch decides`,
          undefined,
          { cause: err },
        );
      }
    }
    if (!this.config.flashOn) this.releaseAfter(session, channel, pulseMs);
    this.logger.info({ channel, pulseMs, flashOn: this.config.flashOn }, 'lock pulsed');
  }

  /** Every coil off; while the board is unreachable there is nothing to send (the driver releases on every reopen). */
  async releaseAll(): Promise<void> {
    const session = this.link.session;
    if (session === null) return;
    try {
      await session.releaseAll();
    } catch (err) {
      throw new HardwareError('BOARD_TIMEOUT', 'the board did not confirm "all relays off"', undefined, {
        cause: err,
      });
    }
  }

  private async energisedNow(session: ModbusSession, channel: number): Promise<boolean> {
    return session.relayIsOn(channel).catch(() => false);
  }

  /** Without "flash on" the station ends the pulse; if that fails, the next reopen releases every coil. */
  private releaseAfter(session: ModbusSession, channel: number, pulseMs: number): void {
    setTimeout(() => {
      session.setRelay(channel, false).catch((err: unknown) => {
        this.logger.error(
          { err, channel },
          'relay not released after the pulse; reconnecting to release all',
        );
        this.link.reportTimeout();
        this.link.reportTimeout();
      });
    }, pulseMs);
  }
}
