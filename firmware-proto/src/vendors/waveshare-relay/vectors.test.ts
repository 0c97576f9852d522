import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flashUnits, modbusCrc16, WaveshareRelay, withModbusCrc } from './registers.js';

interface Vector {
  readonly name: string;
  readonly hex: string;
  readonly function: number;
  readonly address?: number;
  readonly value?: number;
}
const file = JSON.parse(readFileSync(join(import.meta.dirname, 'vectors.json'), 'utf8')) as {
  requests: Vector[];
  replies: Vector[];
};
const bytes = (hex: string) => Buffer.from(hex.replaceAll(' ', ''), 'hex');

describe('Waveshare Modbus RTU Relay frames from the vendor’s development protocol', () => {
  it.each([...file.requests, ...file.replies])('$name: the CRC-16/MODBUS holds ($hex)', (v) => {
    const frame = bytes(v.hex);
    expect(withModbusCrc(frame.subarray(0, -2))).toEqual(frame);
    expect(frame[1]).toBe(v.function);
  });

  it.each(file.requests.filter((v) => v.address !== undefined && v.address >= WaveshareRelay.flashOnBase))(
    '$name: a flash on addresses relay (address − 0x0200) for value × 100 ms',
    (v) => {
      const frame = bytes(v.hex);
      expect(frame.readUInt16BE(2)).toBe(v.address);
      expect(frame.readUInt16BE(4)).toBe(flashUnits((v.value ?? 0) * WaveshareRelay.flashUnitMs));
    },
  );

  it('a damaged frame fails the CRC', () => {
    const frame = bytes('01 05 02 00 00 07 8D B0');
    frame[5] = 0x08;
    expect(modbusCrc16(frame.subarray(0, -2))).not.toBe(frame.readUInt16LE(6));
  });

  it('a pulse becomes whole 100 ms units, at least one and at most 10 s', () => {
    expect([flashUnits(400), flashUnits(449), flashUnits(20), flashUnits(60_000)]).toEqual([4, 4, 1, 100]);
  });
});
