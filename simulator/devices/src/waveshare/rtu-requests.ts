import { waveshareRelay } from '@regiobox/firmware-proto';

/** One Modbus RTU request as the board's side sees it. */
export interface RtuRequest {
  readonly unit: number;
  readonly fn: number;
  readonly address: number;
  /** quantity (functions 1, 2, 15) or value (functions 5, 6) */
  readonly word: number;
  /** function 15: the coil bytes */
  readonly payload: Buffer;
}

/**
 * Cuts a byte stream from the host into Modbus RTU requests. A request's length follows from its
 * function code (function 15 and 16 carry a byte count); a CRC mismatch drops one byte and hunts
 * on, as a slave that has no timing gap to go by must.
 */
export class RtuRequestSplitter {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): RtuRequest[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const requests: RtuRequest[] = [];
    for (;;) {
      if (this.pending.length < 2) return requests;
      const fn = this.pending[1] as number;
      let length: number;
      if (fn === 15 || fn === 16) {
        if (this.pending.length < 7) return requests;
        length = 9 + (this.pending[6] as number);
      } else if (fn >= 1 && fn <= 6) {
        length = 8;
      } else {
        this.pending = this.pending.subarray(1);
        continue;
      }
      if (this.pending.length < length) return requests;
      const frame = this.pending.subarray(0, length);
      if (waveshareRelay.modbusCrc16(frame.subarray(0, -2)) !== frame.readUInt16LE(length - 2)) {
        this.pending = this.pending.subarray(1);
        continue;
      }
      this.pending = this.pending.subarray(length);
      requests.push({
        unit: frame[0] as number,
        fn,
        address: frame.readUInt16BE(2),
        word: frame.readUInt16BE(4),
        payload: Buffer.from(frame.subarray(7, length - 2)),
      });
    }
  }
}

/** A reply with its CRC: unit, function, then `body`. */
export function rtuReply(unit: number, fn: number, body: readonly number[] | Buffer): Buffer {
  return waveshareRelay.withModbusCrc(Buffer.from([unit, fn, ...body]));
}

/** Bits packed into bytes, first bit in the lowest bit of the first byte (functions 1 and 2). */
export function packBits(bits: readonly boolean[]): number[] {
  const bytes = Array.from({ length: Math.ceil(bits.length / 8) }, () => 0);
  bits.forEach((on, i) => {
    if (on) bytes[i >> 3] = (bytes[i >> 3] as number) | (1 << (i & 7));
  });
  return bytes;
}
