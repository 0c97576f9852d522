import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KerongFrameDecoder, type KerongFrameError } from './decoder.js';
import { encodeReadStatus, encodeStatus, encodeUnlock, type KerongFrame, statusOf } from './frame.js';

interface Vector {
  readonly name: string;
  readonly hex: string;
  readonly board?: number;
  readonly lock?: number;
  readonly command?: 'readStatus' | 'unlock';
  readonly hooksLatched?: number[];
  readonly infrared?: number[];
  readonly error?: string;
}
const file = JSON.parse(readFileSync(join(import.meta.dirname, 'vectors.json'), 'utf8')) as {
  requests: Vector[];
  replies: Vector[];
  damaged: Vector[];
};

const bytes = (hex: string) => Buffer.from(hex.replaceAll(' ', ''), 'hex');
const bits = (set: readonly number[] = []) => Array.from({ length: 16 }, (_, i) => set.includes(i));

function decode(input: Buffer): { frames: KerongFrame[]; errors: KerongFrameError[] } {
  const errors: KerongFrameError[] = [];
  const decoder = new KerongFrameDecoder((e) => errors.push(e));
  const frames: KerongFrame[] = [];
  decoder.on('data', (f: KerongFrame) => frames.push(f));
  // one byte at a time: a frame split across reads must decode the same
  for (const byte of input) decoder.write(Buffer.from([byte]));
  return { frames, errors };
}

describe('Kerong CU16 frames from the vendor protocol document', () => {
  it.each(file.requests)('request: $name ($hex)', (v) => {
    const encoded =
      v.command === 'unlock' ? encodeUnlock(v.board ?? 0, v.lock ?? 0) : encodeReadStatus(v.board ?? 0);
    expect(encoded).toEqual(bytes(v.hex));
    const { frames, errors } = decode(bytes(v.hex));
    expect(errors).toEqual([]);
    expect(frames).toMatchObject([{ board: v.board, lock: v.lock, data: [] }]);
  });

  it.each(file.replies)('reply: $name ($hex)', (v) => {
    const { frames, errors } = decode(bytes(v.hex));
    expect(errors).toEqual([]);
    const [frame] = frames;
    if (frame === undefined) throw new Error('no frame decoded');
    expect(statusOf(frame)).toEqual({
      board: v.board,
      lock: v.lock,
      hooks: bits(v.hooksLatched),
      infrared: bits(v.infrared),
    });
    expect(encodeStatus(statusOf(frame))).toEqual(bytes(v.hex));
  });

  it.each(file.damaged)('damaged: $name is dropped as $error', (v) => {
    const { frames, errors } = decode(bytes(v.hex));
    expect(frames).toEqual([]);
    expect(errors[0]?.code).toBe(v.error);
  });

  it('finds a good frame right after noise and a damaged frame', () => {
    const good = file.replies[0]?.hex ?? '';
    const damaged = file.damaged[0]?.hex ?? '';
    const { frames } = decode(Buffer.concat([Buffer.from([0xff, 0x02, 0x00]), bytes(damaged), bytes(good)]));
    expect(frames).toHaveLength(1);
  });
});
