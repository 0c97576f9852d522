import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode } from './cobs.js';
import { crc16 } from './crc16.js';
import { decodeFrame, encodeFrame } from './frame.js';
import type { Frame } from './messages.js';

/** Builds a wire frame from raw (pre-COBS) bytes, recomputing the CRC unless told not to. */
function wire(raw: number[], options: { fixCrc?: boolean } = {}): Buffer {
  const bytes = Buffer.from(raw);
  if (options.fixCrc !== false) bytes.writeUInt16LE(crc16(bytes, 0, bytes.length - 2), bytes.length - 2);
  return Buffer.concat([Buffer.of(0), cobsEncode(bytes), Buffer.of(0)]);
}

function rawOf(frame: Frame): Buffer {
  const encoded = encodeFrame(frame);
  return cobsDecode(encoded.subarray(1, encoded.length - 1))!;
}

describe('encodeFrame', () => {
  it('lays out an UNLOCK as version, type, seq, length, little-endian payload and CRC', () => {
    const raw = rawOf({
      seq: 0x1234,
      message: { type: 'UNLOCK', channel: 7, pulseMs: 500, commandId: 0xa1b2c3d4 },
    });
    expect(raw.subarray(0, raw.length - 2).toString('hex')).toBe('0103341207' + '07f401d4c3b2a1');
    expect(raw.readUInt16LE(raw.length - 2)).toBe(crc16(raw, 0, raw.length - 2));
  });

  it('delimits the frame with 0x00 on both sides and nowhere inside', () => {
    const encoded = encodeFrame({ seq: 0, message: { type: 'ACK' } });
    expect(encoded[0]).toBe(0);
    expect(encoded[encoded.length - 1]).toBe(0);
    expect(encoded.subarray(1, encoded.length - 1).includes(0)).toBe(false);
  });

  it('refuses a message the wire cannot carry', () => {
    const tooHigh = { seq: 1, message: { type: 'UNLOCK', channel: 256, pulseMs: 1, commandId: 1 } } as const;
    expect(() => encodeFrame(tooHigh)).toThrow(expect.objectContaining({ code: 'INVALID_MESSAGE' }));
    const inconsistent: Frame = {
      seq: 1,
      message: { type: 'STATES', locks: [], doors: [true], occupancy: [] },
    };
    expect(() => encodeFrame(inconsistent)).toThrow(/occupancy/);
  });
});

describe('decodeFrame', () => {
  it('decodes what encodeFrame wrote, with or without the delimiters', () => {
    const frame: Frame = { seq: 0, message: { type: 'DOOR_EVENT', boardSeq: 65535, input: 3, open: true } };
    const encoded = encodeFrame(frame);
    expect(decodeFrame(encoded)).toEqual({ ok: true, frame });
    expect(decodeFrame(encoded.subarray(1, encoded.length - 1))).toEqual({ ok: true, frame });
  });

  it('reports a flipped bit as BAD_CRC', () => {
    const raw = rawOf({ seq: 1, message: { type: 'PING' } });
    raw[3] = raw[3]! ^ 0x04;
    expect(decodeFrame(wire([...raw], { fixCrc: false }))).toMatchObject({
      ok: false,
      error: { code: 'BAD_CRC' },
    });
  });

  it('reports a frame shorter than header and CRC as TRUNCATED', () => {
    expect(decodeFrame(wire([1, 2, 0, 0]))).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
  });

  it('reports a payload shorter than its length field as TRUNCATED, longer as BAD_LENGTH', () => {
    expect(decodeFrame(wire([1, 0x70, 1, 0, 2, 0xaa, 0, 0]))).toMatchObject({
      ok: false,
      error: { code: 'TRUNCATED', seq: 1, typeCode: 0x70 },
    });
    expect(decodeFrame(wire([1, 0x70, 1, 0, 0, 0xaa, 0, 0]))).toMatchObject({
      ok: false,
      error: { code: 'BAD_LENGTH' },
    });
  });

  it('reports another protocol version as BAD_VERSION with the sequence number for a NACK', () => {
    expect(decodeFrame(wire([2, 0x01, 0x34, 0x12, 0, 0, 0]))).toMatchObject({
      ok: false,
      error: { code: 'BAD_VERSION', seq: 0x1234 },
    });
  });

  it('reports an unassigned type code as UNKNOWN_TYPE', () => {
    expect(decodeFrame(wire([1, 0x3f, 5, 0, 0, 0, 0]))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TYPE', typeCode: 0x3f },
    });
  });

  it('reports a payload that does not fit its type as BAD_PAYLOAD, saying why', () => {
    const cases: [number[], RegExp][] = [
      [[1, 0x03, 1, 0, 2, 7, 1, 0, 0], /UNLOCK: payload ends/],
      [[1, 0x71, 1, 0, 3, 0x99, 0, 0, 0, 0], /unknown NACK code 0x99/],
      [[1, 0x80, 0, 0, 4, 1, 0, 2, 2, 0, 0], /expected 0 or 1, got 2/],
      [[1, 0x46, 1, 0, 4, 1, 1, 5, 0, 0, 0], /probe 0 is missing but has a value/],
      [[1, 0x45, 1, 0, 6, 1, 0x02, 1, 0, 0, 0, 0, 0], /padding bit 1 of a 1-bit map is set/],
      [[1, 0x45, 1, 0, 5, 0, 1, 0, 0, 1, 0, 0], /occupancy set on input 0 without a sensor/],
      [[1, 0x01, 1, 0, 1, 0xee, 0, 0], /1 unexpected trailing payload bytes/],
    ];
    for (const [raw, why] of cases) {
      const result = decodeFrame(wire(raw));
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
      expect(result.ok ? '' : result.error.detail).toMatch(why);
    }
  });

  it('reports bytes that are not COBS as BAD_FRAMING and a huge block as OVERSIZE', () => {
    expect(decodeFrame(Buffer.from('0905aa00', 'hex'))).toMatchObject({
      ok: false,
      error: { code: 'BAD_FRAMING' },
    });
    expect(decodeFrame(Buffer.alloc(300, 0x41))).toMatchObject({ ok: false, error: { code: 'OVERSIZE' } });
  });

  it('decodes negative temperatures and missing probes', () => {
    const frame: Frame = {
      seq: 2,
      message: {
        type: 'TEMPS',
        probes: [
          { status: 'ok', centiCelsius: -1850 },
          { status: 'missing', centiCelsius: null },
          { status: 'fault', centiCelsius: null },
          { status: 'ok', centiCelsius: -32768 },
        ],
      },
    };
    expect(decodeFrame(encodeFrame(frame))).toEqual({ ok: true, frame });
  });
});
