import { Transform, type TransformCallback } from 'node:stream';
import { decodeFrameBody } from './frame.js';
import { FRAME_ERROR_CODES, type FrameError, type FrameErrorCode } from './frame-errors.js';
import { FRAME_DELIMITER, MAX_ENCODED_SIZE } from './protocol.js';

export interface DecoderStats {
  framesDecoded: number;
  framesDropped: number;
  /** bytes thrown away: dropped frames and noise, delimiters not counted */
  bytesDropped: number;
  errors: Record<FrameErrorCode, number>;
}

/**
 * Bytes in, Frame objects out. Splits the byte stream at 0x00, decodes each block, and drops what does
 * not decode (emitting 'frameError' and counting it) instead of failing the stream: a serial line
 * carries noise, and the next valid frame must still get through.
 */
export class FrameDecoder extends Transform {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** set after a block outgrew MAX_ENCODED_SIZE: skip to the next delimiter */
  private discarding = false;
  private readonly counters: DecoderStats = {
    framesDecoded: 0,
    framesDropped: 0,
    bytesDropped: 0,
    errors: Object.fromEntries(FRAME_ERROR_CODES.map((code) => [code, 0])) as Record<FrameErrorCode, number>,
  };

  constructor() {
    super({ readableObjectMode: true });
  }

  stats(): DecoderStats {
    return { ...this.counters, errors: { ...this.counters.errors } };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const delimiter = chunk.indexOf(FRAME_DELIMITER, start);
      const end = delimiter === -1 ? chunk.length : delimiter;
      this.collect(chunk.subarray(start, end));
      if (delimiter === -1) break;
      this.finishBlock();
      start = delimiter + 1;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.discarding || this.pendingLength > 0) {
      this.dropBlock({
        code: this.discarding ? 'OVERSIZE' : 'TRUNCATED',
        detail: 'stream ended inside a frame',
        byteCount: this.pendingLength,
      });
    }
    callback();
  }

  private collect(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pendingLength += bytes.length;
    if (this.discarding) return;
    this.pending.push(bytes);
    if (this.pendingLength > MAX_ENCODED_SIZE) {
      this.discarding = true;
      this.pending = [];
    }
  }

  private finishBlock(): void {
    const length = this.pendingLength;
    const blocks = this.pending;
    const wasDiscarding = this.discarding;
    this.pending = [];
    this.pendingLength = 0;
    this.discarding = false;
    // Back-to-back delimiters (every frame starts and ends with one) are not an error.
    if (length === 0) return;
    if (wasDiscarding) {
      this.dropBlock({ code: 'OVERSIZE', detail: `${length} bytes without a delimiter`, byteCount: length });
      return;
    }
    const result = decodeFrameBody(Buffer.concat(blocks, length));
    if (result.ok) {
      this.counters.framesDecoded++;
      this.push(result.frame);
    } else {
      this.dropBlock(result.error);
    }
  }

  private dropBlock(error: FrameError): void {
    this.counters.framesDropped++;
    this.counters.bytesDropped += error.byteCount;
    this.counters.errors[error.code]++;
    this.emit('frameError', error);
  }
}
