export type KerongErrorCode = 'KERONG_TIMEOUT' | 'KERONG_CLOSED' | 'KERONG_RANGE';

/** Every error of the Kerong codec and client; `code` is stable, the message is for people. */
export class KerongError extends Error {
  constructor(
    readonly code: KerongErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KerongError';
  }
}
