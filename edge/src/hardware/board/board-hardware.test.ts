import { BoardClient, createDuplexPair } from '@regiobox/firmware-proto';
import type { DoorChange, HardwareHealth, StationHardware } from '@regiobox/hardware-api';
import { SerialBoardConfig } from '@regiobox/hardware-api';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.js';
import { scriptedRandom } from '../../domain/test-random.js';
import { until } from '../test-support/until.js';
import { createSerialBoardHardware } from './board-hardware.js';

const logger = pino({ level: 'silent' });
const PATH = '/dev/serial/by-id/usb-regiobox-board-if00';
const probes = [
  { id: 'fridge', boardIndex: 0 },
  { id: 'freezer', boardIndex: 1 },
  { id: 'not-fitted', boardIndex: 7 },
];

const running: StationHardware[] = [];
const boards: SimulatedBoard[] = [];
afterEach(async () => {
  for (const hw of running.splice(0)) await hw.stop();
  for (const board of boards.splice(0)) board.stop();
});

function setup(
  opts: { plugged?: boolean; cooldownMs?: number; replyTimeoutMs?: number; heartbeatMs?: number } = {},
) {
  const board = new SimulatedBoard({
    lockChannels: 4,
    probes: 2,
    occupancySensors: [true, true, false, false],
    cooldownMs: opts.cooldownMs ?? 0,
  });
  boards.push(board);
  const binding = new SimulatedSerialBinding();
  if (opts.plugged !== false) binding.plug(PATH, board);
  const config = SerialBoardConfig.parse({
    driver: 'serial-board',
    path: PATH,
    replyTimeoutMs: opts.replyTimeoutMs ?? 100,
    heartbeatMs: opts.heartbeatMs ?? 200,
  });
  const clock = new ManualClock('2026-05-04T06:00:00.000Z');
  const hardware = createSerialBoardHardware(config, probes, {
    logger,
    binding,
    clock,
    random: scriptedRandom([0x80, 0, 0, 0]),
    retry: { minMs: 50, maxMs: 400 },
  });
  running.push(hardware);
  const changes: DoorChange[] = [];
  hardware.doors.onChange((c) => changes.push(c));
  const healthLog: HardwareHealth[] = [];
  hardware.onHealthChange((h) => healthLog.push(h));
  return { board, binding, hardware, changes, healthLog, clock };
}

describe('serial lock board: unlocking', () => {
  it('pulses the channel once, confirmed by the board, and the customer can open the door', async () => {
    const { board, hardware, changes } = setup();
    await hardware.start();
    expect(hardware.health()).toMatchObject({ reachable: true, firmware: '1.0.0', occupancySensors: true });

    await hardware.locks.pulse(2, 400);

    expect(board.pulses().map((p) => [p.channel, p.pulseMs])).toEqual([[2, 400]]);
    expect(board.openDoor(2)).toBe(true);
    await until(() => changes.length === 1);
    expect(changes[0]).toEqual({ input: 2, open: true, at: new Date('2026-05-04T06:00:00.000Z') });
    expect((await hardware.doors.read()).doors).toEqual([false, false, true, false]);
  });

  it('refuses while the solenoid cools down and says when to try again', async () => {
    const { board, hardware } = setup({ cooldownMs: 1000 });
    await hardware.start();
    await hardware.locks.pulse(0, 100);

    const err = await hardware.locks.pulse(0, 100).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'SOLENOID_COOLDOWN' });
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect(board.pulses()).toHaveLength(1);
  });

  it('rejects a channel the board does not have without sending anything', async () => {
    const { board, hardware } = setup();
    await hardware.start();
    await expect(hardware.locks.pulse(9, 100)).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect(board.pulses()).toHaveLength(0);
  });

  it('when every answer to an unlock is lost, reports the outcome unknown and never pulses twice', async () => {
    // No heartbeat in between: it would take one of the dropped replies.
    const { board, hardware } = setup({ replyTimeoutMs: 150, heartbeatMs: 60_000 });
    await hardware.start();
    // The board executes the UNLOCK and its two retries (same command id) but every ACK is lost.
    board.dropNextReplies(3);

    await expect(hardware.locks.pulse(1, 100)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });

    expect(board.pulses().map((p) => p.channel)).toEqual([1]);
  });

  it('confirms an unlock whose ACK was lost by reading the energised solenoid back', async () => {
    const { board, hardware } = setup({ replyTimeoutMs: 100, heartbeatMs: 60_000 });
    await hardware.start();
    board.dropNextReplies(3);

    await hardware.locks.pulse(3, 2000);

    expect(board.pulses().map((p) => p.channel)).toEqual([3]);
  });

  it('a board that answers garbage mid-unlock: outcome unknown, exactly one pulse, then unreachable', async () => {
    const { board, hardware } = setup();
    await hardware.start();
    // The line goes bad the moment the solenoid fires: the ACK and everything after it is garbage.
    board.once('pulse', () => board.setFaults({ corruptByteRate: 1 }));

    await expect(hardware.locks.pulse(0, 300)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    await until(() => !hardware.health().reachable, 10_000);

    expect(board.pulses().map((p) => p.channel)).toEqual([0]);
    expect(hardware.health().detail).toContain('stopped answering');
    await expect(hardware.locks.pulse(0, 300)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });

    board.clearFaults();
    await until(() => hardware.health().reachable, 10_000);
    expect(board.pulses()).toHaveLength(1);
  });
});

describe('serial lock board: the device comes and goes', () => {
  it('starts without the device, says so, and releases every lock once the device appears', async () => {
    const { board, binding, hardware, healthLog } = setup({ plugged: false });
    // A pulse left running by a station process that died a moment ago.
    const [host, boardEnd] = createDuplexPair();
    board.attach(boardEnd);
    const previous = new BoardClient(host);
    await previous.unlock(1, 2000, 42);
    previous.close();
    board.detach();
    expect(board.isEnergised(1)).toBe(true);

    await hardware.start();

    expect(hardware.health().reachable).toBe(false);
    expect(hardware.health().detail).toContain(`serial device ${PATH} does not exist`);
    const started = performance.now();
    await expect(hardware.locks.pulse(0, 300)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(1000);

    binding.plug(PATH, board);
    await until(() => hardware.health().reachable, 10_000);

    expect(board.isEnergised(1)).toBe(false);
    expect(board.pulses()[0]?.endedBy).toBe('released');
    expect(healthLog.map((h) => h.reachable)).toEqual([false, true]);
  });

  it('notices an unplug at once, fails unlocks fast, and reconciles the doors after the replug', async () => {
    const { board, binding, hardware, changes } = setup();
    await hardware.start();
    await hardware.locks.pulse(0, 500);
    board.openDoor(0);
    await until(() => changes.length === 1);

    binding.unplug(PATH);
    await until(() => !hardware.health().reachable, 2000);
    expect(hardware.health().detail).toContain('closed');
    const started = performance.now();
    await expect(hardware.locks.pulse(2, 300)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await hardware.doors.read()).doors).toEqual([null, null, null, null]);

    // While nobody watches: the customer closes door 0 and someone forces door 3.
    board.closeDoor(0);
    board.forceDoor(3);
    binding.plug(PATH, board);
    await until(() => hardware.health().reachable, 10_000);

    await until(() => changes.length === 3);
    expect(changes.slice(1).map((c) => [c.input, c.open])).toEqual([
      [0, false],
      [3, true],
    ]);
    expect((await hardware.doors.read()).doors).toEqual([false, false, false, true]);
    await hardware.locks.pulse(2, 300);
    expect(board.pulses().map((p) => p.channel)).toEqual([0, 2]);
    expect(changes).toHaveLength(3);
  });

  it('marks a board that stops answering unreachable by heartbeat and takes it back when it answers', async () => {
    const { board, hardware, healthLog } = setup();
    await hardware.start();

    board.goSilent();
    await until(() => !hardware.health().reachable, 10_000);
    await expect(hardware.locks.pulse(0, 300)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });

    board.resume();
    await until(() => hardware.health().reachable, 10_000);
    await hardware.locks.pulse(0, 300);
    expect(healthLog.map((h) => h.reachable)).toEqual([true, false, true]);
  });
});

describe('serial lock board: door events on a noisy line', () => {
  it('finds a door whose last DOOR_EVENT the line ate by the next heartbeat', async () => {
    const { board, hardware, changes } = setup();
    await hardware.start();
    board.forceDoor(1);
    await until(() => changes.some((c) => c.input === 1 && c.open), 2000);

    // the close event is lost on the wire; no later event shows a gap in the board's counter
    board.setFaults({ dropByteRate: 1 });
    board.closeDoor(1);
    board.clearFaults();
    await until(() => changes.some((c) => c.input === 1 && !c.open), 2000);
    expect(changes.filter((c) => c.input === 1).map((c) => c.open)).toEqual([true, false]);
  });

  it('reports a door that opened and shut between two heartbeats, although its "open" was lost', async () => {
    const { board, hardware, changes } = setup({ heartbeatMs: 5000 });
    await hardware.start();
    // the "open" is eaten by noise; the door is shut again before any READ_STATES could see it open
    board.setFaults({ dropByteRate: 1 });
    board.forceDoor(2);
    board.clearFaults();
    board.closeDoor(2);
    await until(() => changes.some((c) => c.input === 2 && !c.open), 2000);
    expect(changes.filter((c) => c.input === 2).map((c) => c.open)).toEqual([true, false]);
  });
});

describe('serial lock board: sensors', () => {
  it('names the board probes by the station probe ids and reports occupancy', async () => {
    const { board, hardware } = setup();
    await hardware.start();
    board.setProbe(0, 3.5);
    board.setProbeStatus(1, 'fault');
    board.setOccupancy(1, true);

    expect(await hardware.thermometers.read()).toEqual([
      { probeId: 'fridge', celsius: 3.5, status: 'ok' },
      { probeId: 'freezer', celsius: null, status: 'fault' },
      { probeId: 'not-fitted', celsius: null, status: 'missing' },
    ]);
    expect((await hardware.doors.read()).occupancy).toEqual([false, true, null, null]);
  });

  it('does not pass off an unreachable board as faulty probes', async () => {
    const { binding, hardware } = setup();
    await hardware.start();
    binding.unplug(PATH);
    await until(() => !hardware.health().reachable, 2000);

    await expect(hardware.thermometers.read()).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });
  });
});
