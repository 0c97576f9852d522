/** Little-endian byte writer and reader for payloads, plus the LSB-first bitmaps STATES and CAPABILITIES use. */
export class PayloadError extends Error {
  readonly code = 'BAD_PAYLOAD';
}

export class ByteWriter {
  private readonly bytes: number[] = [];

  u8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }

  u16(value: number): this {
    return this.u8(value).u8(value >>> 8);
  }

  i16(value: number): this {
    return this.u16(value & 0xffff);
  }

  u32(value: number): this {
    return this.u16(value & 0xffff).u16(value >>> 16);
  }

  bitmap(bits: readonly boolean[]): this {
    for (let i = 0; i < bitmapSize(bits.length); i++) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) if (bits[i * 8 + bit]) byte |= 1 << bit;
      this.u8(byte);
    }
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  u8(): number {
    if (this.offset >= this.bytes.length) throw new PayloadError(`payload ends at byte ${this.offset}`);
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  i16(): number {
    const value = this.u16();
    return value >= 0x8000 ? value - 0x10000 : value;
  }

  u32(): number {
    return (this.u16() + this.u16() * 0x10000) >>> 0;
  }

  /** Unused high bits of the last byte must be zero, so that every message has one encoding. */
  bitmap(count: number): boolean[] {
    const bits: boolean[] = [];
    for (let i = 0; i < bitmapSize(count); i++) {
      const byte = this.u8();
      for (let bit = 0; bit < 8; bit++) {
        const set = (byte & (1 << bit)) !== 0;
        if (i * 8 + bit < count) bits.push(set);
        else if (set) throw new PayloadError(`padding bit ${i * 8 + bit} of a ${count}-bit map is set`);
      }
    }
    return bits;
  }

  boolean(): boolean {
    const value = this.u8();
    if (value > 1) throw new PayloadError(`expected 0 or 1, got ${value}`);
    return value === 1;
  }

  limit(value: number, max: number, what: string): number {
    if (value > max) throw new PayloadError(`${what} ${value} exceeds ${max}`);
    return value;
  }

  end(): void {
    if (this.offset !== this.bytes.length) {
      throw new PayloadError(`${this.bytes.length - this.offset} unexpected trailing payload bytes`);
    }
  }
}

export function bitmapSize(bitCount: number): number {
  return Math.ceil(bitCount / 8);
}
