/** Stable error codes of the bridge; the HTTP layer maps each to a status and a problem type. */
export type BridgeErrorCode =
  | 'UNKNOWN_STATION'
  | 'UNKNOWN_ORDER'
  | 'UNKNOWN_ALARM'
  | 'UNKNOWN_RESERVATION'
  | 'UNKNOWN_COMPARTMENT'
  | 'UNKNOWN_PARCEL'
  | 'PARCEL_NOT_HELD'
  | 'DEADLINE_PASSED'
  | 'AMBIGUOUS_ALARM'
  | 'DUPLICATE_ORDER'
  | 'NO_COMMAND_KEY'
  | 'CONFIG_INVALID'
  | 'STORE_CLOSED';

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
