import { Transform, type TransformCallback } from 'node:stream';
import { checksum, ETX, FRAME_LENGTH, type KerongFrame, STX } from './frame.js';

export type KerongFrameErrorCode = 'BAD_CHECKSUM' | 'BAD_ETX' | 'UNKNOWN_COMMAND';

export interface KerongFrameError {
  readonly code: KerongFrameErrorCode;
  readonly bytes: Buffer;
}

/**
 * Bytes in, frames out. Without a length field or a unique start byte, the decoder hunts for STX,
 * takes the length from the command byte and checks ETX and the sum; on any mismatch it drops one
 * byte and hunts again, so noise costs at most the frames it touched. Damaged frames are reported
 * through `onError`, never thrown.
 */
export interface KerongDecoderStats {
  framesDecoded: number;
  /** damaged frames: each one a resynchronisation */
  framesDropped: number;
  /** bytes thrown away: damaged frames' first bytes and noise between frames */
  bytesDropped: number;
  badChecksums: number;
}

export class KerongFrameDecoder extends Transform {
  private pending = Buffer.alloc(0);
  private readonly counters: KerongDecoderStats = {
    framesDecoded: 0,
    framesDropped: 0,
    bytesDropped: 0,
    badChecksums: 0,
  };

  constructor(private readonly onError: (error: KerongFrameError) => void = () => {}) {
    super({ readableObjectMode: true });
  }

  stats(): KerongDecoderStats {
    return { ...this.counters };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (const frame of this.drain()) this.push(frame);
    done();
  }

  /** Frames complete in the buffer; a partial frame stays for the next chunk. */
  private *drain(): Generator<KerongFrame> {
    for (;;) {
      const start = this.pending.indexOf(STX);
      if (start < 0) {
        this.counters.bytesDropped += this.pending.length;
        this.pending = Buffer.alloc(0);
        return;
      }
      this.counters.bytesDropped += start;
      this.pending = this.pending.subarray(start);
      if (this.pending.length < 3) return;
      const command = this.pending[2] as number;
      const length = FRAME_LENGTH.get(command);
      if (length === undefined) {
        this.reject('UNKNOWN_COMMAND', 3);
        continue;
      }
      if (this.pending.length < length) return;
      const bytes = this.pending.subarray(0, length);
      if (bytes[length - 2] !== ETX) {
        this.reject('BAD_ETX', length);
        continue;
      }
      if (bytes[length - 1] !== checksum(bytes.subarray(0, length - 1))) {
        this.reject('BAD_CHECKSUM', length);
        continue;
      }
      this.pending = this.pending.subarray(length);
      this.counters.framesDecoded += 1;
      const address = bytes[1] as number;
      yield { board: address >> 4, lock: address & 0x0f, command, data: [...bytes.subarray(3, length - 2)] };
    }
  }

  /** Reports the damaged bytes and skips the STX only: a real frame may start inside them. */
  private reject(code: KerongFrameErrorCode, length: number): void {
    this.onError({ code, bytes: Buffer.from(this.pending.subarray(0, length)) });
    this.counters.framesDropped += 1;
    this.counters.bytesDropped += 1;
    if (code === 'BAD_CHECKSUM') this.counters.badChecksums += 1;
    this.pending = this.pending.subarray(1);
  }
}
