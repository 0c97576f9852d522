/**
 * Stable codes a caller can act on. Where a code crosses the MQTT boundary it has the same name as
 * the contract's `ReplyErrorCode`, so the command router maps it one to one.
 */
export type DomainErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NO_FREE_COMPARTMENT'
  | 'UNKNOWN_ORDER'
  | 'UNKNOWN_PARCEL'
  | 'UNKNOWN_COMPARTMENT'
  | 'DUPLICATE_ORDER'
  | 'TENANT_NOT_ADMITTED'
  | 'INVALID_DEADLINE'
  | 'CODE_SPACE_EXHAUSTED'
  | 'BOARD_UNREACHABLE'
  | 'COMPARTMENT_BUSY';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
