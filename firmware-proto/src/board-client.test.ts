import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardClient } from './board-client.js';
import type { DoorEvent, DoorEventGap } from './client-types.js';
import { createDuplexPair } from './duplex-pair.js';
import { encodeFrame } from './frame.js';
import { FrameDecoder } from './frame-decoder.js';
import type { FrameError } from './frame-errors.js';
import type { Frame, Message } from './messages.js';

/**
 * A peer that answers each request through `answer`; returning undefined stays silent. The board
 * behaviour itself is tested against the simulated board in @regiobox/simulator; here only the
 * client's side of the protocol is under test.
 */
function scriptedPeer(answer: (frame: Frame) => Message | undefined) {
  const [hostEnd, boardEnd] = createDuplexPair();
  const received: Frame[] = [];
  const decoder = new FrameDecoder();
  boardEnd.pipe(decoder).on('data', (frame: Frame) => {
    received.push(frame);
    const reply = answer(frame);
    if (reply) boardEnd.write(encodeFrame({ seq: frame.seq, message: reply }));
  });
  return { hostEnd, boardEnd, received };
}

const clients: BoardClient[] = [];
const streams: Duplex[] = [];
function connect(peer: ReturnType<typeof scriptedPeer>, options = {}) {
  const client = new BoardClient(peer.hostEnd, options);
  clients.push(client);
  streams.push(peer.hostEnd);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const stream of streams.splice(0)) stream.destroy();
});

describe('BoardClient against a scripted peer', () => {
  it('reads capabilities, states and temperatures in host units', async () => {
    const peer = scriptedPeer((frame) => {
      switch (frame.message.type) {
        case 'HELLO':
          return {
            type: 'CAPABILITIES',
            firmware: { major: 1, minor: 4, patch: 2 },
            lockChannels: 2,
            doorInputs: 2,
            probes: 2,
            occupancySensors: [false, true],
            maxPulseMs: 2000,
            cooldownMs: 1000,
            watchdogMs: 6000,
          };
        case 'READ_STATES':
          return { type: 'STATES', locks: [false, true], doors: [true, false], occupancy: [null, true] };
        case 'READ_TEMPS':
          return {
            type: 'TEMPS',
            probes: [
              { status: 'ok', centiCelsius: -1825 },
              { status: 'fault', centiCelsius: null },
            ],
          };
        default:
          return undefined;
      }
    });
    const client = connect(peer);
    await expect(client.hello()).resolves.toMatchObject({
      firmwareVersion: '1.4.2',
      lockChannels: 2,
      hasOccupancySensors: true,
      occupancySensors: [false, true],
      maxPulseMs: 2000,
    });
    await expect(client.readStates()).resolves.toEqual({
      locks: [false, true],
      doors: [true, false],
      occupancy: [null, true],
    });
    await expect(client.readTemperatures()).resolves.toEqual([
      { index: 0, celsius: -18.25, status: 'ok' },
      { index: 1, celsius: null, status: 'fault' },
    ]);
  });

  it('matches replies by sequence number even when the board answers out of order', async () => {
    const held: Frame[] = [];
    const peer = scriptedPeer((frame) => {
      held.push(frame);
      if (held.length === 2) {
        // answer the second request first, then the first one
        for (const request of [...held].reverse()) {
          const reply: Message =
            request.message.type === 'PING'
              ? { type: 'PONG' }
              : { type: 'STATES', locks: [], doors: [], occupancy: [] };
          peer.boardEnd.write(encodeFrame({ seq: request.seq, message: reply }));
        }
      }
      return undefined;
    });
    const client = connect(peer, { replyTimeoutMs: 5_000 });
    const [pong, states] = await Promise.all([client.ping(), client.readStates()]);
    expect(pong).toBeUndefined();
    expect(states).toEqual({ locks: [], doors: [], occupancy: [] });
    expect(new Set(peer.received.map((f) => f.seq)).size).toBe(2);
  });

  it('retries a request after a timeout with a new sequence number, and counts the late reply', async () => {
    let calls = 0;
    const peer = scriptedPeer(() => (++calls === 1 ? undefined : { type: 'PONG' }));
    const client = connect(peer, { replyTimeoutMs: 200, retries: 5 });
    await client.ping();
    // a loaded machine may need more than one retry; the first attempt is never answered in time
    expect(peer.received.length).toBeGreaterThanOrEqual(2);
    expect(new Set(peer.received.map((f) => f.seq)).size).toBe(peer.received.length);
    expect(client.stats().retries).toBe(peer.received.length - 1);
    const before = client.stats().unmatchedReplies;
    peer.boardEnd.write(encodeFrame({ seq: peer.received[0]!.seq, message: { type: 'PONG' } }));
    await until(() => client.stats().unmatchedReplies === before + 1);
  });

  it('gives up with BOARD_TIMEOUT after the allowed retries', async () => {
    const peer = scriptedPeer(() => undefined);
    const client = connect(peer, { replyTimeoutMs: 20, retries: 2 });
    await expect(client.ping()).rejects.toMatchObject({ code: 'BOARD_TIMEOUT', attempts: 3 });
    expect(peer.received).toHaveLength(3);
  });

  it('does not retry a NACK and exposes the board code and retry-after', async () => {
    const peer = scriptedPeer(() => ({ type: 'NACK', code: 'COOLDOWN', retryAfterMs: 750 }));
    const client = connect(peer);
    await expect(client.unlock(3, 500, 42)).rejects.toMatchObject({
      code: 'BOARD_NACK',
      boardCode: 'COOLDOWN',
      retryAfterMs: 750,
    });
    expect(peer.received).toHaveLength(1);
  });

  it('rejects a reply of the wrong type as BOARD_PROTOCOL', async () => {
    const peer = scriptedPeer(() => ({ type: 'ACK' }));
    const client = connect(peer);
    await expect(client.readStates()).rejects.toMatchObject({ code: 'BOARD_PROTOCOL' });
  });

  it('surfaces door events and notices missed ones from the board sequence', async () => {
    const peer = scriptedPeer(() => undefined);
    const client = connect(peer);
    const doors: DoorEvent[] = [];
    const gaps: DoorEventGap[] = [];
    client.on('door', (event) => doors.push(event));
    client.on('doorEventGap', (gap) => gaps.push(gap));
    for (const [boardSeq, open] of [
      [65534, true],
      [65535, false],
      [2, true],
    ] as const) {
      peer.boardEnd.write(encodeFrame({ seq: 0, message: { type: 'DOOR_EVENT', boardSeq, input: 4, open } }));
    }
    await until(() => doors.length === 3);
    expect(doors.map((d) => d.open)).toEqual([true, false, true]);
    expect(gaps).toEqual([{ expectedSeq: 0, boardSeq: 2, missed: 2 }]);
    expect(client.stats()).toMatchObject({ doorEvents: 3, doorEventsMissed: 2 });
  });

  it('a board that sends every door event twice shows each door change once, not 65,535 lost events', async () => {
    const peer = scriptedPeer(() => undefined);
    const client = connect(peer);
    const doors: DoorEvent[] = [];
    const gaps: DoorEventGap[] = [];
    client.on('door', (event) => doors.push(event));
    client.on('doorEventGap', (gap) => gaps.push(gap));
    const changes = [
      [10, true],
      [11, false],
      [12, true],
      [13, false],
    ] as const;
    for (const [boardSeq, open] of changes) {
      const frame = encodeFrame({ seq: 0, message: { type: 'DOOR_EVENT', boardSeq, input: 2, open } });
      peer.boardEnd.write(frame);
      peer.boardEnd.write(frame);
    }
    await until(() => client.stats().doorEventsRepeated === 4);
    expect(doors.map((d) => [d.boardSeq, d.open])).toEqual(changes.map(([seq, open]) => [seq, open]));
    expect(gaps).toEqual([]);
    expect(client.stats()).toMatchObject({ doorEvents: 4, doorEventsMissed: 0, doorEventsRepeated: 4 });
  });

  it('a door event whose board count goes backwards (a restarted board) is not applied; the host reads the states', async () => {
    const peer = scriptedPeer(() => undefined);
    const client = connect(peer);
    const doors: DoorEvent[] = [];
    const gaps: DoorEventGap[] = [];
    client.on('door', (event) => doors.push(event));
    client.on('doorEventGap', (gap) => gaps.push(gap));
    for (const [boardSeq, open] of [
      [500, true],
      [0, false],
      [1, true],
    ] as const) {
      peer.boardEnd.write(encodeFrame({ seq: 0, message: { type: 'DOOR_EVENT', boardSeq, input: 1, open } }));
    }
    await until(() => doors.length === 2);
    expect(doors.map((d) => d.boardSeq)).toEqual([500, 1]);
    expect(gaps).toEqual([{ expectedSeq: 501, boardSeq: 0, missed: 0 }]);
    expect(client.stats()).toMatchObject({ doorEventsOutOfOrder: 1, doorEventsMissed: 0 });
  });

  it('refuses to drive a board whose firmware speaks another protocol version', async () => {
    const peer = scriptedPeer((frame) =>
      frame.message.type === 'HELLO'
        ? {
            type: 'CAPABILITIES',
            firmware: { major: 2, minor: 0, patch: 0 },
            lockChannels: 1,
            doorInputs: 1,
            probes: 0,
            occupancySensors: [false],
            maxPulseMs: 2000,
            cooldownMs: 1000,
            watchdogMs: 6000,
          }
        : { type: 'ACK' },
    );
    const client = connect(peer);
    await expect(client.hello()).rejects.toMatchObject({
      code: 'BOARD_INCOMPATIBLE',
      message: expect.stringMatching(/firmware 2\.0\.0 speaks protocol version 2/),
    });
  });

  it('reports line noise as frame errors and keeps working', async () => {
    const peer = scriptedPeer(() => ({ type: 'PONG' }));
    const client = connect(peer);
    const errors: FrameError[] = [];
    client.on('frameError', (error) => errors.push(error));
    peer.boardEnd.write(Buffer.from('00deadbeef00', 'hex'));
    await client.ping();
    expect(errors.map((e) => e.code)).toEqual(['BAD_FRAMING']);
    expect(client.stats()).toMatchObject({ framesDropped: 1, bytesDropped: 4 });
  });

  it('settles every pending request with CLOSED on close(), and refuses new ones', async () => {
    const peer = scriptedPeer(() => undefined);
    const client = connect(peer, { replyTimeoutMs: 10_000 });
    const pending = [client.ping(), client.unlock(0, 100, 1), client.readStates()];
    client.close();
    for (const request of pending) await expect(request).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(client.hello()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('closes itself when the stream goes away, settling what was pending', async () => {
    const peer = scriptedPeer(() => undefined);
    const client = connect(peer, { replyTimeoutMs: 10_000 });
    const closed = new Promise((resolve) => client.once('close', resolve));
    const pending = client.readTemperatures();
    peer.boardEnd.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'CLOSED' });
    await closed;
    expect(client.isClosed).toBe(true);
  });
});

async function until(condition: () => boolean, deadlineMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > deadlineMs) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
