import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode } from './cobs.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('COBS', () => {
  it.each([
    ['', '01'],
    ['00', '0101'],
    ['0000', '010101'],
    ['11220033', '0311220233'],
    ['11223344', '0511223344'],
    ['11000000', '0211010101'],
  ])('encodes %s as %s (reference vectors)', (input, expected) => {
    expect(hex(cobsEncode(Buffer.from(input, 'hex')))).toBe(expected);
  });

  it('starts a new block after 254 non-zero bytes', () => {
    const input = Buffer.alloc(254, 0x01);
    const encoded = cobsEncode(input);
    expect(encoded.length).toBe(256);
    expect(encoded[0]).toBe(0xff);
    expect(encoded[255]).toBe(0x01);
  });

  it('never emits a zero byte and round-trips any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (input) => {
        const encoded = cobsEncode(input);
        expect(encoded.includes(0)).toBe(false);
        expect(encoded.length).toBeLessThanOrEqual(input.length + Math.ceil(input.length / 254) + 1);
        expect(hex(cobsDecode(encoded)!)).toBe(hex(input));
      }),
    );
  });

  it('rejects a block with a zero byte or a code that runs past the end', () => {
    expect(cobsDecode(Buffer.from('031100', 'hex'))).toBeNull();
    expect(cobsDecode(Buffer.from('0511', 'hex'))).toBeNull();
    expect(cobsDecode(Buffer.from('00', 'hex'))).toBeNull();
  });
});
