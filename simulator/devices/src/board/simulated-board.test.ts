import type { Duplex } from 'node:stream';
import { BoardClient, createDuplexPair, type DoorEvent } from '@regiobox/firmware-proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedBoardOptions } from './board-options.js';
import { SimulatedBoard } from './simulated-board.js';
import { until } from './test-until.js';
import { ManualTimers } from './timers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A board on manual time, wired to a client over an in-memory line. */
function rig(options: SimulatedBoardOptions = {}, clientOptions = { replyTimeoutMs: 1000, retries: 2 }) {
  const timers = new ManualTimers();
  const board = new SimulatedBoard({ lockChannels: 4, probes: 2, ...options }, { timers });
  const [hostEnd, boardEnd] = createDuplexPair();
  board.attach(boardEnd);
  const client = new BoardClient(hostEnd, clientOptions);
  const doorEvents: DoorEvent[] = [];
  client.on('door', (event) => doorEvents.push(event));
  cleanups.push(() => {
    client.close();
    board.stop();
    hostEnd.destroy();
  });
  return { timers, board, client, hostEnd: hostEnd as Duplex, doorEvents };
}

describe('SimulatedBoard', () => {
  it('introduces itself with its layout and limits', async () => {
    const { client } = rig({ lockChannels: 3, doorInputs: 3, occupancySensors: [true, false, true] });
    await expect(client.hello()).resolves.toMatchObject({
      firmwareVersion: '1.0.0',
      lockChannels: 3,
      doorInputs: 3,
      probes: 2,
      occupancySensors: [true, false, true],
      hasOccupancySensors: true,
      maxPulseMs: 2000,
      cooldownMs: 1000,
      watchdogMs: 6000,
    });
  });

  it('keeps a solenoid energised for exactly its pulse and logs it', async () => {
    const { timers, board, client } = rig();
    await client.unlock(2, 500, 1001);
    expect(board.isEnergised(2)).toBe(true);
    expect((await client.readStates()).locks).toEqual([false, false, true, false]);
    timers.advance(499);
    expect(board.isEnergised(2)).toBe(true);
    timers.advance(1);
    expect(board.isEnergised(2)).toBe(false);
    expect(board.pulses()).toEqual([
      { channel: 2, pulseMs: 500, commandId: 1001, startedAt: 0, endedAt: 500, endedBy: 'elapsed' },
    ]);
  });

  it('lets a door open only while its latch is released, and reports every change', async () => {
    const { board, client, doorEvents, timers } = rig();
    expect(board.openDoor(1)).toBe(false);
    await client.unlock(1, 800, 7);
    expect(board.openDoor(1)).toBe(true);
    timers.advance(800);
    board.closeDoor(1);
    await until(() => doorEvents.length === 2, 5000, 'two door events');
    expect(doorEvents).toEqual([
      { input: 1, open: true, boardSeq: 0 },
      { input: 1, open: false, boardSeq: 1 },
    ]);
    expect((await client.readStates()).doors).toEqual([false, false, false, false]);
    expect(board.doorChanges().map((c) => c.cause)).toEqual(['unlocked', 'closed']);
  });

  it('pops a spring-loaded door open on the pulse', async () => {
    const { client, doorEvents } = rig({ springOpen: true });
    await client.unlock(3, 300, 8);
    await until(() => doorEvents.length === 1, 5000, 'the door event');
    expect(doorEvents[0]).toMatchObject({ input: 3, open: true });
  });

  it('can have a door forced open without any pulse', async () => {
    const { board, client, doorEvents } = rig();
    board.forceDoor(0);
    await until(() => doorEvents.length === 1, 5000, 'the door event');
    expect(board.pulses()).toHaveLength(0);
    expect(board.doorChanges()).toMatchObject([{ input: 0, open: true, cause: 'forced' }]);
    expect((await client.readStates()).doors[0]).toBe(true);
  });

  it('refuses pulses longer than its maximum and channels it does not have', async () => {
    const { board, client } = rig({ maxPulseMs: 1500 });
    await expect(client.unlock(0, 1501, 1)).rejects.toMatchObject({
      code: 'BOARD_NACK',
      boardCode: 'PULSE_OUT_OF_RANGE',
    });
    await expect(client.unlock(0, 0, 2)).rejects.toMatchObject({ boardCode: 'PULSE_OUT_OF_RANGE' });
    await expect(client.unlock(4, 500, 3)).rejects.toMatchObject({ boardCode: 'UNKNOWN_CHANNEL' });
    expect(board.pulses()).toHaveLength(0);
  });

  it('makes a channel rest after a pulse and says how long', async () => {
    const { board, client, timers } = rig({ cooldownMs: 1000 });
    await client.unlock(0, 500, 10);
    await expect(client.unlock(0, 500, 11)).rejects.toMatchObject({
      boardCode: 'COOLDOWN',
      retryAfterMs: 1500,
    });
    timers.advance(500);
    await expect(client.unlock(0, 500, 11)).rejects.toMatchObject({
      boardCode: 'COOLDOWN',
      retryAfterMs: 1000,
    });
    // another channel is not affected
    await client.unlock(1, 500, 12);
    timers.advance(1000);
    await client.unlock(0, 500, 11);
    expect(board.pulses().map((p) => p.commandId)).toEqual([10, 12, 11]);
  });

  it('pulses once when an unlock is retried because its ACK was lost', async () => {
    const { board, client } = rig({}, { replyTimeoutMs: 150, retries: 3 });
    board.dropNextReplies(1);
    await client.unlock(2, 500, 4242);
    expect(client.stats().retries).toBeGreaterThanOrEqual(1);
    expect(board.stats().repliesDropped).toBe(1);
    expect(board.pulses()).toHaveLength(1);
  });

  it('refuses a known command id with different parameters', async () => {
    const { board, client, timers } = rig();
    await client.unlock(0, 500, 99);
    timers.advance(5000);
    await expect(client.unlock(1, 500, 99)).rejects.toMatchObject({ boardCode: 'COMMAND_ID_CONFLICT' });
    await client.unlock(0, 500, 99);
    expect(board.pulses()).toHaveLength(1);
  });

  it('forgets command ids beyond the ones it remembers', async () => {
    const { board, client, timers } = rig({ lockChannels: 1, cooldownMs: 0, rememberedCommands: 16 });
    for (let id = 1; id <= 17; id++) {
      await client.unlock(0, 10, id);
      timers.advance(10);
    }
    await client.unlock(0, 10, 17); // remembered: no pulse
    await client.unlock(0, 10, 1); // forgotten: pulses again
    expect(board.pulses()).toHaveLength(18);
  });

  it('releases every output at RELEASE_ALL', async () => {
    const { board, client, timers } = rig();
    await client.unlock(0, 2000, 1);
    await client.unlock(1, 2000, 2);
    timers.advance(100);
    await client.releaseAll();
    expect([board.isEnergised(0), board.isEnergised(1)]).toEqual([false, false]);
    expect(board.pulses().map((p) => [p.endedAt, p.endedBy])).toEqual([
      [100, 'released'],
      [100, 'released'],
    ]);
  });

  it('releases the locks when the host goes silent, keeps reporting doors, and recovers', async () => {
    const { board, client, timers, doorEvents } = rig({ maxPulseMs: 10_000, watchdogMs: 3000 });
    await client.unlock(0, 10_000, 1);
    timers.advance(2999);
    expect(board.isEnergised(0)).toBe(true);
    timers.advance(1);
    expect(board.isEnergised(0)).toBe(false);
    expect(board.hostSilent).toBe(true);
    expect(board.pulses()[0]).toMatchObject({ endedAt: 3000, endedBy: 'watchdog' });
    board.forceDoor(2);
    await until(() => doorEvents.length === 1, 5000, 'the door event');
    await client.ping();
    expect(board.hostSilent).toBe(false);
  });

  it('reports probe readings in centi-degrees with their status', async () => {
    const { board, client } = rig({ probes: 4 });
    board.setProbe(0, -18.37);
    board.setProbe(1, 4);
    board.setProbeStatus(2, 'missing');
    board.setProbe(3, 130); // beyond a DS18B20's range
    await expect(client.readTemperatures()).resolves.toEqual([
      { index: 0, celsius: -18.37, status: 'ok' },
      { index: 1, celsius: 4, status: 'ok' },
      { index: 2, celsius: null, status: 'missing' },
      { index: 3, celsius: null, status: 'fault' },
    ]);
  });

  it('reports occupancy where sensors are fitted and null where not', async () => {
    const { board, client } = rig({ lockChannels: 2, occupancySensors: [true, false] });
    board.setOccupancy(0, true);
    expect(() => board.setOccupancy(1, true)).toThrow(/no occupancy sensor/);
    expect((await client.readStates()).occupancy).toEqual([true, null]);
  });
});
