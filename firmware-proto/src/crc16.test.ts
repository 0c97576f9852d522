import { describe, expect, it } from 'vitest';
import { crc16 } from './crc16.js';

describe('crc16 (CRC-16/CCITT-FALSE)', () => {
  it('gives the catalogued check value 0x29B1 for "123456789"', () => {
    expect(crc16(Buffer.from('123456789', 'ascii'))).toBe(0x29b1);
  });

  it('returns the init value 0xFFFF for no bytes', () => {
    expect(crc16(new Uint8Array(0))).toBe(0xffff);
  });

  it('covers only the requested range', () => {
    const bytes = Buffer.from('xx123456789yy', 'ascii');
    expect(crc16(bytes, 2, 11)).toBe(0x29b1);
  });

  it('detects a single flipped bit', () => {
    const bytes = Buffer.from('123456789', 'ascii');
    bytes[4] = bytes[4]! ^ 0x10;
    expect(crc16(bytes)).not.toBe(0x29b1);
  });
});
