import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDuplexPair } from '@regiobox/firmware-proto';
import { describe, expect, it } from 'vitest';
import { until } from '../board/test-until.js';
import { SimulatedRelayBoard } from './simulated-relay-board.js';

const vectors = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../../firmware-proto/src/vendors/waveshare-relay/vectors.json'),
    'utf8',
  ),
) as { requests: { name: string; hex: string }[]; replies: { name: string; hex: string }[] };
const frame = (list: { name: string; hex: string }[], name: string) =>
  Buffer.from((list.find((v) => v.name === name)?.hex ?? '').replaceAll(' ', ''), 'hex');

/** A host end that sends bytes and collects what the board answers. */
function connect(board: SimulatedRelayBoard) {
  const [host, device] = createDuplexPair();
  board.attach(device);
  const received: Buffer[] = [];
  host.on('data', (chunk: Buffer) => received.push(chunk));
  const ask = async (bytes: Buffer, expectBytes: number) => {
    received.length = 0;
    // split in two writes: a slave must reassemble a request that arrives in pieces
    host.write(bytes.subarray(0, 3));
    host.write(bytes.subarray(3));
    await until(() => Buffer.concat(received).length >= expectBytes, 1000, 'the reply');
    return Buffer.concat(received);
  };
  return { host, ask };
}

describe('simulated Waveshare Modbus RTU Relay board: the vendor’s frames in, the vendor’s frames out', () => {
  it('answers the documented requests with the documented replies', async () => {
    const board = new SimulatedRelayBoard();
    const { ask } = connect(board);
    // all doors open: every reed switch off, as in the documented "all inactive" reply
    for (let i = 0; i < 8; i++) board.forceDoor(i);
    expect(await ask(frame(vectors.requests, 'relay 0 on'), 8)).toEqual(
      frame(vectors.replies, 'relay 0 on, echoed'),
    );
    expect(board.isRelayOn(0)).toBe(true);
    expect(await ask(frame(vectors.requests, 'all 8 relays off'), 8)).toEqual(
      frame(vectors.replies, 'all 8 relays off, confirmed'),
    );
    expect(await ask(frame(vectors.requests, 'read 8 relay states'), 6)).toEqual(
      frame(vectors.replies, 'relay states: all off'),
    );
    expect(await ask(frame(vectors.requests, 'read 8 input states'), 6)).toEqual(
      frame(vectors.replies, 'input states: all inactive'),
    );
    board.stop();
  });

  it('flash on energises the relay for value × 100 ms, then the board releases it by itself', async () => {
    const board = new SimulatedRelayBoard();
    const { ask } = connect(board);
    const started = performance.now();
    expect(await ask(frame(vectors.requests, 'relay 0 flash on for 700 ms'), 8)).toEqual(
      frame(vectors.replies, 'relay 0 flash on for 700 ms, echoed'),
    );
    expect(board.isRelayOn(0)).toBe(true);
    await until(() => !board.isRelayOn(0), 2000, 'the flash to end');
    expect(performance.now() - started).toBeGreaterThanOrEqual(650);
    expect(board.pulses()).toMatchObject([{ relay: 0, flashMs: 700 }]);
    board.stop();
  });

  it('ignores a request for another unit and one with a broken CRC', async () => {
    const board = new SimulatedRelayBoard({ unitId: 2 });
    const { host } = connect(board);
    host.write(frame(vectors.requests, 'relay 0 on'));
    const broken = frame(vectors.requests, 'relay 0 on');
    broken[0] = 2;
    host.write(broken);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(board.isRelayOn(0)).toBe(false);
    board.stop();
  });
});
