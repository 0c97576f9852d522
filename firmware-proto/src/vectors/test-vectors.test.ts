import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../frame.js';
import { Frame, type Message } from '../messages.js';
import { MESSAGE_TYPE_CODES } from '../protocol.js';
import { buildTestVectors } from './vector-cases.js';
import { TestVectorFile, unflattenFrame } from './vector-file.js';

// The checked-in file is the contract for other implementations; it is read, not regenerated, here.
const vectors = TestVectorFile.parse(
  JSON.parse(readFileSync(new URL('../../test-vectors.json', import.meta.url), 'utf8')),
);

describe('test-vectors.json', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const wire = Buffer.from(vector.hex, 'hex');
    const decoded = decodeFrame(wire);
    if (vector.valid) {
      const frame = Frame.parse(unflattenFrame(vector.message));
      expect(decoded).toEqual({ ok: true, frame });
      expect(encodeFrame(frame).toString('hex')).toBe(vector.hex);
    } else {
      expect(decoded).toMatchObject({ ok: false, error: { code: vector.error } });
    }
  });

  it('covers every message type and every frame error code the decoder can report', () => {
    const types = new Set(vectors.flatMap((v) => (v.valid ? [v.message.type] : [])));
    expect([...types].sort()).toEqual(Object.keys(MESSAGE_TYPE_CODES).sort() as Message['type'][]);
    const errors = new Set(vectors.flatMap((v) => (v.valid ? [] : [v.error])));
    expect([...errors].sort()).toEqual(
      [
        'BAD_CRC',
        'BAD_FRAMING',
        'BAD_LENGTH',
        'BAD_PAYLOAD',
        'BAD_VERSION',
        'OVERSIZE',
        'TRUNCATED',
        'UNKNOWN_TYPE',
      ].sort(),
    );
  });

  it('is what the generator produces (run `npm run vectors -w firmware-proto` after a protocol change)', () => {
    expect(buildTestVectors()).toEqual(vectors);
  });
});
