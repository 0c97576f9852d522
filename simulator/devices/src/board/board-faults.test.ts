import {
  BoardClient,
  cobsEncode,
  crc16,
  createDuplexPair,
  type Frame,
  FrameDecoder,
} from '@regiobox/firmware-proto';
import { afterEach, describe, expect, it } from 'vitest';
import { LineFaults } from './line-faults.js';
import { seededRandom } from './random.js';
import { SimulatedBoard } from './simulated-board.js';
import { until } from './test-until.js';
import { ManualTimers } from './timers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function rig(clientOptions = { replyTimeoutMs: 200, retries: 2 }, seed = 1) {
  const timers = new ManualTimers();
  const board = new SimulatedBoard({ lockChannels: 4 }, { timers, random: seededRandom(seed) });
  const [hostEnd, boardEnd] = createDuplexPair();
  board.attach(boardEnd);
  const client = new BoardClient(hostEnd, clientOptions);
  cleanups.push(() => {
    client.close();
    board.stop();
    hostEnd.destroy();
  });
  return { timers, board, client, hostEnd };
}

describe('SimulatedBoard faults', () => {
  it('a silent board makes requests time out after every retry, and answers again when it resumes', async () => {
    const { board, client } = rig({ replyTimeoutMs: 30, retries: 2 });
    board.goSilent();
    await expect(client.ping()).rejects.toMatchObject({ code: 'BOARD_TIMEOUT', attempts: 3 });
    expect(board.stats().framesIn).toBe(0);
    board.resume();
    await client.ping();
  });

  it('delays replies by the configured time on its own clock', async () => {
    const { board, client, timers } = rig({ replyTimeoutMs: 5000, retries: 0 });
    board.setFaults({ replyDelayMs: 400 });
    let settled = false;
    const ping = client.ping().then(() => {
      settled = true;
    });
    await until(() => board.stats().framesIn === 1, 5000, 'the ping to arrive');
    timers.advance(399);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    timers.advance(1);
    await ping;
  });

  it('pulling the cable closes the client and settles its pending request', async () => {
    const { board, client } = rig({ replyTimeoutMs: 10_000, retries: 0 });
    board.goSilent();
    const pending = client.readStates();
    board.disconnect();
    await expect(pending).rejects.toMatchObject({ code: 'CLOSED' });
    expect(board.isAttached).toBe(false);
  });

  it('survives noise on the line and the client counts what it dropped', async () => {
    const { board, client, hostEnd } = rig();
    hostEnd.write(Buffer.from('\x00garbage from a flaky adapter\x00', 'latin1'));
    await client.ping();
    const boardDecoder = board.stats().decoder;
    expect(boardDecoder?.framesDropped).toBe(1);
    expect(boardDecoder?.framesDecoded).toBe(1);
  });

  it('answers a frame with a valid CRC but another version with NACK BAD_VERSION and the same seq', async () => {
    const { hostEnd } = rig();
    const replies: Frame[] = [];
    hostEnd.pipe(new FrameDecoder()).on('data', (frame: Frame) => replies.push(frame));
    const raw = Buffer.from([2, 0x02, 0x39, 0x05, 0, 0, 0]);
    raw.writeUInt16LE(crc16(raw, 0, 5), 5);
    hostEnd.write(Buffer.concat([Buffer.of(0), cobsEncode(raw), Buffer.of(0)]));
    await until(() => replies.length === 1, 5000, 'the NACK');
    expect(replies[0]).toEqual({
      seq: 0x0539,
      message: { type: 'NACK', code: 'BAD_VERSION', retryAfterMs: 0 },
    });
  });

  it('stays silent about a frame whose CRC is wrong', async () => {
    const { board, client, hostEnd } = rig();
    const raw = Buffer.from([1, 0x02, 0x01, 0x00, 0, 0x12, 0x34]);
    hostEnd.write(Buffer.concat([Buffer.of(0), cobsEncode(raw), Buffer.of(0)]));
    await client.ping();
    expect(board.stats().decoder?.errors.BAD_CRC).toBe(1);
    expect(board.stats().framesOut).toBe(1); // only the PONG
  });

  it('with corrupted and lost bytes, retries still get every request through and the client counts the damage', async () => {
    const { board, client } = rig({ replyTimeoutMs: 150, retries: 10 }, 42);
    board.setFaults({ corruptByteRate: 0.02, dropByteRate: 0.01 });
    for (let i = 0; i < 15; i++) await client.readStates();
    const stats = client.stats();
    expect(board.stats().bytesCorruptedByFaults + board.stats().bytesDroppedByFaults).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.framesDropped + stats.timeouts).toBeGreaterThan(0);
  });
});

describe('LineFaults', () => {
  it('mangles the same bytes the same way for the same seed', () => {
    const bytes = Buffer.alloc(2000, 0x5a);
    const run = (seed: number) => {
      const faults = new LineFaults(seededRandom(seed));
      faults.update({ dropByteRate: 0.1, corruptByteRate: 0.1 });
      return faults.mangle(bytes).toString('hex');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    const faults = new LineFaults(seededRandom(7));
    faults.update({ dropByteRate: 0.1, corruptByteRate: 0.1 });
    const out = faults.mangle(bytes);
    expect(out.length).toBe(2000 - faults.bytesDropped);
    expect(faults.bytesDropped).toBeGreaterThan(100);
    expect(out.filter((b) => b !== 0x5a).length).toBe(faults.bytesCorrupted);
  });

  it('rejects rates outside [0, 1]', () => {
    expect(() => new LineFaults(Math.random).update({ dropByteRate: 1.5 })).toThrow(RangeError);
  });
});
