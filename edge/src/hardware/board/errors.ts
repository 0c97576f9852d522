import {
  BoardClosedError,
  BoardNackError,
  BoardProtocolError,
  BoardTimeoutError,
} from '@regiobox/firmware-proto';
import { HardwareError } from '@regiobox/hardware-api';

/** A BoardClient failure of a request that changes nothing (read, ping, release) as a HardwareError. */
export function toHardwareError(err: unknown, what: string): HardwareError {
  if (err instanceof HardwareError) return err;
  if (err instanceof BoardTimeoutError) {
    return new HardwareError('BOARD_TIMEOUT', `board did not answer ${what}`, undefined, { cause: err });
  }
  if (err instanceof BoardClosedError) {
    return new HardwareError('BOARD_UNREACHABLE', `board connection lost during ${what}`, undefined, {
      cause: err,
    });
  }
  if (err instanceof BoardNackError) return fromNack(err, what);
  const message = err instanceof Error ? err.message : String(err);
  return new HardwareError('BOARD_REFUSED', `${what} failed: ${message}`, undefined, { cause: err });
}

/**
 * A failed UNLOCK. A NACK is a definite "no pulse"; a timeout, a lost connection or a nonsense reply
 * after the frame was sent leaves the pulse unknown, and the caller must not pulse again.
 */
export function unlockFailure(err: unknown, channel: number): HardwareError {
  if (err instanceof HardwareError) return err;
  if (err instanceof BoardNackError) return fromNack(err, `unlock of channel ${channel}`);
  if (
    err instanceof BoardTimeoutError ||
    err instanceof BoardClosedError ||
    err instanceof BoardProtocolError
  ) {
    return new HardwareError(
      'OUTCOME_UNKNOWN',
      `unlock of channel ${channel} not confirmed (${err.message}); the door switch decides`,
      undefined,
      { cause: err },
    );
  }
  return new HardwareError('OUTCOME_UNKNOWN', `unlock of channel ${channel} failed unexpectedly`, undefined, {
    cause: err,
  });
}

function fromNack(err: BoardNackError, what: string): HardwareError {
  switch (err.boardCode) {
    case 'COOLDOWN':
      return new HardwareError(
        'SOLENOID_COOLDOWN',
        `${what}: the solenoid is cooling down`,
        err.retryAfterMs,
        {
          cause: err,
        },
      );
    case 'UNKNOWN_CHANNEL':
      return new HardwareError('UNKNOWN_CHANNEL', `${what}: the board has no such channel`, undefined, {
        cause: err,
      });
    default:
      return new HardwareError('BOARD_REFUSED', `${what}: board refused (${err.boardCode})`, undefined, {
        cause: err,
      });
  }
}
