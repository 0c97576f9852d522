/**
 * `UNKNOWN_ALARM` has the same name as the contract's `ReplyErrorCode`; `INVALID_ALARM_CONFIG` is a
 * station configuration mistake found at start.
 */
export type AlarmErrorCode = 'UNKNOWN_ALARM' | 'INVALID_ALARM_CONFIG';

export class AlarmError extends Error {
  constructor(
    readonly code: AlarmErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AlarmError';
  }
}
