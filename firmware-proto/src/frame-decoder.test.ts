import { describe, expect, it } from 'vitest';
import { encodeFrame } from './frame.js';
import { FrameDecoder } from './frame-decoder.js';
import type { FrameError } from './frame-errors.js';
import type { Frame } from './messages.js';

function collect(decoder: FrameDecoder) {
  const frames: Frame[] = [];
  const errors: FrameError[] = [];
  decoder.on('data', (frame: Frame) => frames.push(frame));
  decoder.on('frameError', (error: FrameError) => errors.push(error));
  return { frames, errors };
}

const ping = (seq: number): Frame => ({ seq, message: { type: 'PING' } });

describe('FrameDecoder', () => {
  it('drops noise between frames, counts it, and decodes the frames around it', () => {
    const decoder = new FrameDecoder();
    const { frames, errors } = collect(decoder);
    decoder.write(encodeFrame(ping(1)));
    decoder.write(Buffer.from('hello noise', 'ascii'));
    decoder.write(encodeFrame(ping(2)));
    expect(frames.map((f) => f.seq)).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    expect(decoder.stats()).toMatchObject({ framesDecoded: 2, framesDropped: 1, bytesDropped: 11 });
  });

  it('decodes a frame delivered one byte at a time', () => {
    const decoder = new FrameDecoder();
    const { frames } = collect(decoder);
    for (const byte of encodeFrame({
      seq: 7,
      message: { type: 'UNLOCK', channel: 1, pulseMs: 300, commandId: 9 },
    })) {
      decoder.write(Buffer.of(byte));
    }
    expect(frames).toEqual([{ seq: 7, message: { type: 'UNLOCK', channel: 1, pulseMs: 300, commandId: 9 } }]);
  });

  it('skips a runaway block without holding its bytes, then resyncs on the next frame', () => {
    const decoder = new FrameDecoder();
    const { frames, errors } = collect(decoder);
    for (let i = 0; i < 100; i++) decoder.write(Buffer.alloc(1000, 0x55));
    decoder.write(encodeFrame(ping(3)));
    expect(frames.map((f) => f.seq)).toEqual([3]);
    expect(errors.map((e) => e.code)).toEqual(['OVERSIZE']);
    expect(decoder.stats().bytesDropped).toBe(100_000);
    expect(decoder.stats().errors.OVERSIZE).toBe(1);
  });

  it('counts a frame cut off by the end of the stream as TRUNCATED', async () => {
    const decoder = new FrameDecoder();
    const { errors } = collect(decoder);
    const wire = encodeFrame(ping(4));
    decoder.end(wire.subarray(0, 5));
    await new Promise((resolve) => decoder.on('finish', resolve));
    expect(errors.map((e) => e.code)).toEqual(['TRUNCATED']);
  });

  it('counts each kind of error separately', () => {
    const decoder = new FrameDecoder();
    collect(decoder);
    const corrupted = encodeFrame(ping(5));
    corrupted[3] = corrupted[3]! ^ 0x20;
    decoder.write(corrupted);
    decoder.write(Buffer.from('00090102030400', 'hex'));
    expect(decoder.stats().errors).toMatchObject({ BAD_CRC: 1, BAD_FRAMING: 1, OVERSIZE: 0 });
  });
});
