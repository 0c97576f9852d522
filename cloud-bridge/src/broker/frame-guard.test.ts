import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameGuard, guardedConnection, MalformedLengthError, PacketTooLargeError } from './frame-guard.js';

const remainingLength = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
};
const frame = (type: number, bodyLength: number) =>
  Buffer.concat([Buffer.from([type, ...remainingLength(bodyLength)]), Buffer.alloc(bodyLength, 0xaa)]);

/** Feeds `bytes` in the given chunk sizes; resolves with what came out, or the error. */
const run = (limit: number, bytes: Buffer, cuts: number[]): Promise<Buffer | Error> =>
  new Promise((resolve) => {
    const guard = new FrameGuard(limit);
    const out: Buffer[] = [];
    guard.on('data', (d: Buffer) => out.push(d));
    guard.on('error', (err) => resolve(err));
    guard.on('end', () => resolve(Buffer.concat(out)));
    let at = 0;
    for (const cut of cuts) {
      if (at >= bytes.length) break;
      guard.write(bytes.subarray(at, at + cut));
      at += cut;
    }
    if (at < bytes.length) guard.write(bytes.subarray(at));
    guard.end();
  });

const LIMIT = 1000;

describe('the MQTT frame guard', () => {
  it('passes any sequence of packets within the limit through unchanged, however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: LIMIT })), {
          maxLength: 12,
        }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 40 }),
        async (frames, cuts) => {
          const bytes = Buffer.concat(frames.map(([t, n]) => frame(t << 4, n)));
          expect(await run(LIMIT, bytes, cuts)).toEqual(bytes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails as soon as a header announces a packet over the limit, even before its body arrives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: LIMIT + 1, max: 268_435_455 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 8 }),
        async (before, size, cuts) => {
          const header = Buffer.from([0x30, ...remainingLength(size)]);
          const bytes = Buffer.concat([...Array.from({ length: before }, () => frame(0xc0, 0)), header]);
          const result = await run(LIMIT, bytes, cuts);
          expect(result).toBeInstanceOf(PacketTooLargeError);
          expect((result as PacketTooLargeError).remainingLength).toBe(size);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects a remaining length longer than four bytes', async () => {
    const result = await run(LIMIT, Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]), [2, 4]);
    expect(result).toBeInstanceOf(MalformedLengthError);
  });

  it('destroys the socket behind a guarded connection when a packet is too large', async () => {
    const socket = new PassThrough();
    const conn = guardedConnection(socket, LIMIT);
    const failure = new Promise<Error>((resolve) => conn.once('error', resolve));
    conn.resume();

    socket.write(Buffer.from([0x30, ...remainingLength(LIMIT + 1)]));

    expect(await failure).toBeInstanceOf(PacketTooLargeError);
    expect(socket.destroyed).toBe(true);
  });
});
