/** Why a received frame was dropped. Stable codes: the stream decoder counts them by code. */
export type FrameErrorCode =
  | 'BAD_FRAMING'
  | 'TRUNCATED'
  | 'BAD_CRC'
  | 'BAD_VERSION'
  | 'BAD_LENGTH'
  | 'UNKNOWN_TYPE'
  | 'BAD_PAYLOAD'
  | 'OVERSIZE';

export const FRAME_ERROR_CODES: readonly FrameErrorCode[] = [
  'BAD_FRAMING',
  'TRUNCATED',
  'BAD_CRC',
  'BAD_VERSION',
  'BAD_LENGTH',
  'UNKNOWN_TYPE',
  'BAD_PAYLOAD',
  'OVERSIZE',
];

/**
 * A dropped frame. `seq` and `typeCode` are present once the CRC proved the header intact, so a board
 * can answer such a frame with a NACK carrying the same sequence number.
 */
export interface FrameError {
  readonly code: FrameErrorCode;
  readonly detail: string;
  /** bytes between delimiters that were thrown away */
  readonly byteCount: number;
  readonly seq?: number;
  readonly typeCode?: number;
}

/** Thrown by encodeFrame for a message the schema rejects; a programming error in the caller. */
export class FrameEncodeError extends Error {
  readonly code = 'INVALID_MESSAGE';
  constructor(message: string) {
    super(message);
    this.name = 'FrameEncodeError';
  }
}
