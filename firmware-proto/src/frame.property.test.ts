import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './frame.js';
import { FrameDecoder } from './frame-decoder.js';
import type { Frame } from './messages.js';
import { MAX_ENCODED_SIZE } from './protocol.js';
import { arbitraryFrame } from './test-support/arbitraries.js';

/** Feeds `chunks` through a fresh FrameDecoder and collects what comes out. */
async function decodeStream(chunks: Buffer[]) {
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  decoder.on('data', (frame: Frame) => frames.push(frame));
  await new Promise<void>((resolve, reject) => {
    decoder.on('end', resolve).on('error', reject);
    Readable.from(chunks, { objectMode: false }).pipe(decoder);
  });
  return { frames, stats: decoder.stats() };
}

/** Cuts a buffer at the given (sorted, deduplicated) offsets. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) pieces.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  return pieces;
}

describe('frame codec properties', () => {
  it('every encodable frame round-trips and fits the largest encoded size', () => {
    fc.assert(
      fc.property(arbitraryFrame, (frame) => {
        const wire = encodeFrame(frame);
        expect(wire.length).toBeLessThanOrEqual(MAX_ENCODED_SIZE + 2);
        expect(decodeFrame(wire)).toEqual({ ok: true, frame });
      }),
      { numRuns: 500 },
    );
  });

  it('decodeFrame never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const result = decodeFrame(bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid frame after arbitrary byte soup is still decoded, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 700 }),
        arbitraryFrame,
        fc.array(fc.nat(), { maxLength: 8 }),
        async (soup, frame, cuts) => {
          const bytes = Buffer.concat([Buffer.from(soup), encodeFrame(frame)]);
          const { frames } = await decodeStream(cut(bytes, cuts));
          // noise may by chance contain frames of its own; ours is always the last one out
          expect(frames.at(-1)).toEqual(frame);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('split and merged chunks decode to the same frames in order, with nothing dropped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryFrame, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (sent, cuts) => {
          const { frames, stats } = await decodeStream(
            cut(Buffer.concat(sent.map((f) => encodeFrame(f))), cuts),
          );
          expect(frames).toEqual(sent);
          expect(stats).toMatchObject({ framesDecoded: sent.length, framesDropped: 0, bytesDropped: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });
});
