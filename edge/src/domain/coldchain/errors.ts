/**
 * Stable codes for cold-chain decisions. `THAWED_NOT_RELEASABLE_AS_FROZEN`, `INVALID_THRESHOLDS` and
 * `ILLEGAL_TRANSITION` have the same names as the contract's `ReplyErrorCode`, so the command router
 * maps them one to one; `BAD_ACCOUNT_STATE` (a persisted account that no longer parses) is a storage
 * fault.
 */
export type ColdChainErrorCode =
  | 'INVALID_THRESHOLDS'
  | 'ILLEGAL_TRANSITION'
  | 'THAWED_NOT_RELEASABLE_AS_FROZEN'
  | 'BAD_ACCOUNT_STATE';

export class ColdChainError extends Error {
  constructor(
    readonly code: ColdChainErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'ColdChainError';
  }
}
