import { BoardClient, type DoorEvent, type FrameError } from '@regiobox/firmware-proto';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../board/random.js';
import { SimulatedBoard } from '../board/simulated-board.js';
import { until } from '../board/test-until.js';
import { attachBoardToPty, type BoardOnPty } from './board-on-pty.js';
import { createPtyPair, type PtyPair } from './pty-pair.js';

/**
 * The station's real serial stack (serialport's native bindings) on one end of a socat PTY pair,
 * the simulated board on the other: what a station sees with a board on /dev/ttyUSB0.
 */
let pty: PtyPair;
let board: SimulatedBoard;
let boardEnd: BoardOnPty;
let hostPort: SerialPort;
let client: BoardClient;

beforeEach(async () => {
  pty = await createPtyPair();
  // seeded, so that a run with line faults can be replayed
  board = new SimulatedBoard(
    { lockChannels: 4, probes: 2, occupancySensors: [true, true, false, false] },
    { random: seededRandom(2024) },
  );
  boardEnd = await attachBoardToPty(board, pty.boardPath);
  hostPort = new SerialPort({ path: pty.hostPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => hostPort.open((error) => (error ? reject(error) : resolve())));
  client = new BoardClient(hostPort, { replyTimeoutMs: 1000, retries: 2 });
});

afterEach(async () => {
  client.close();
  if (hostPort.isOpen) await new Promise<void>((resolve) => hostPort.close(() => resolve()));
  await boardEnd.close();
  board.stop();
  await pty.close();
});

describe('BoardClient over a real PTY against the simulated board', () => {
  it('says hello, unlocks one door exactly once, reads states and hears the door open and close', async () => {
    expect(pty.hostDevice).toMatch(/^\/dev\/pts\/\d+$/);
    await expect(client.hello()).resolves.toMatchObject({
      lockChannels: 4,
      doorInputs: 4,
      probes: 2,
      occupancySensors: [true, true, false, false],
    });

    const doorEvents: DoorEvent[] = [];
    client.on('door', (event) => doorEvents.push(event));
    // the customer pulls the handle as soon as the latch clicks
    board.once('pulse', (pulse) => board.openDoor(pulse.channel));
    await client.unlock(2, 1500, 0xc0ffee);
    expect(board.pulses()).toMatchObject([{ channel: 2, pulseMs: 1500, commandId: 0xc0ffee }]);

    await until(() => doorEvents.length === 1, 10_000, 'the door-open event');
    expect(doorEvents[0]).toEqual({ input: 2, open: true, boardSeq: 0 });
    board.setOccupancy(0, true);
    const states = await client.readStates();
    expect(states.doors).toEqual([false, false, true, false]);
    expect(states.occupancy).toEqual([true, false, null, null]);
    expect(states.locks).toHaveLength(4);

    board.closeDoor(2);
    await until(() => doorEvents.length === 2, 10_000, 'the door-closed event');
    expect(doorEvents[1]).toEqual({ input: 2, open: false, boardSeq: 1 });
    expect((await client.readStates()).doors).toEqual([false, false, false, false]);
    expect(board.pulses()).toHaveLength(1);
  });

  it('reads temperatures over the line', async () => {
    board.setProbe(0, 3.5);
    board.setProbeStatus(1, 'fault');
    await expect(client.readTemperatures()).resolves.toEqual([
      { index: 0, celsius: 3.5, status: 'ok' },
      { index: 1, celsius: null, status: 'fault' },
    ]);
  });

  it('keeps working through garbage on the line in both directions and counts what it dropped', async () => {
    const frameErrors: FrameError[] = [];
    client.on('frameError', (error) => frameErrors.push(error));
    await client.ping();

    // noise towards the station, from a flaky adapter or a board rebooting with a boot banner
    boardEnd.port.write(Buffer.from('\r\nBOOT v1.0 \x01\x02\xff\xfe\x00\x13\x37', 'latin1'));
    // noise towards the board
    hostPort.write(Buffer.from([0x7e, 0x00, 0x55, 0xaa, 0x03]));
    await until(() => client.stats().framesDropped >= 1, 10_000, 'the noise to be counted');

    await expect(client.hello()).resolves.toMatchObject({ lockChannels: 4 });
    await client.unlock(0, 300, 1);
    expect(board.pulses()).toHaveLength(1);
    expect(client.stats().framesDropped).toBeGreaterThanOrEqual(2);
    expect(client.stats().bytesDropped).toBeGreaterThan(10);
    expect(frameErrors.length).toBe(client.stats().framesDropped);
  });

  it('retries through a corrupted line and still pulses once per command', async () => {
    client.close();
    // 2 % of bytes corrupted: about 40 % of request/reply exchanges fail; 13 attempts make a loss negligible
    const patient = new BoardClient(hostPort, { replyTimeoutMs: 300, retries: 12 });
    try {
      board.setFaults({ corruptByteRate: 0.02 });
      for (let commandId = 1; commandId <= 4; commandId++)
        await patient.unlock(commandId - 1, 200, commandId);
      expect(board.pulses().map((p) => p.commandId)).toEqual([1, 2, 3, 4]);
      expect(board.stats().bytesCorruptedByFaults).toBeGreaterThan(0);
    } finally {
      patient.close();
    }
  });
});
