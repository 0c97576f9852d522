import { type NackCode, PROTOCOL_VERSION } from './protocol.js';

export type BoardClientErrorCode =
  | 'BOARD_TIMEOUT'
  | 'BOARD_NACK'
  | 'BOARD_PROTOCOL'
  | 'BOARD_INCOMPATIBLE'
  | 'CLOSED';

/** Every error BoardClient rejects with; `code` is stable, the message is for people. */
export abstract class BoardClientError extends Error {
  abstract readonly code: BoardClientErrorCode;
}

/** No reply within the reply timeout, after every allowed retry. */
export class BoardTimeoutError extends BoardClientError {
  readonly code = 'BOARD_TIMEOUT';
  constructor(
    readonly request: string,
    readonly attempts: number,
  ) {
    super(`board did not answer ${request} (${attempts} attempt${attempts === 1 ? '' : 's'})`);
    this.name = 'BoardTimeoutError';
  }
}

/** The board refused the request. `retryAfterMs` is non-zero when trying again later can succeed. */
export class BoardNackError extends BoardClientError {
  readonly code = 'BOARD_NACK';
  constructor(
    readonly request: string,
    readonly boardCode: NackCode,
    readonly retryAfterMs: number,
  ) {
    super(
      `board refused ${request}: ${boardCode}${retryAfterMs > 0 ? `, retry after ${retryAfterMs} ms` : ''}`,
    );
    this.name = 'BoardNackError';
  }
}

/** The board answered with a frame that is not a reply to this request (a firmware bug). */
export class BoardProtocolError extends BoardClientError {
  readonly code = 'BOARD_PROTOCOL';
  constructor(message: string) {
    super(message);
    this.name = 'BoardProtocolError';
  }
}

/** The board's firmware speaks another protocol version (its major version); it is never driven. */
export class BoardIncompatibleError extends BoardClientError {
  readonly code = 'BOARD_INCOMPATIBLE';
  constructor(readonly firmwareVersion: string) {
    super(
      `board firmware ${firmwareVersion} speaks protocol version ${firmwareVersion.split('.')[0]}; this station speaks version ${PROTOCOL_VERSION} and does not drive it`,
    );
    this.name = 'BoardIncompatibleError';
  }
}

/** The client was closed, or its stream closed, before the request settled. */
export class BoardClosedError extends BoardClientError {
  readonly code = 'CLOSED';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`board connection closed: ${reason}`, options);
    this.name = 'BoardClosedError';
  }
}
