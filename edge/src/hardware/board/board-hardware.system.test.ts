import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DoorChange, StationHardware } from '@regiobox/hardware-api';
import { SerialBoardConfig } from '@regiobox/hardware-api';
import {
  attachBoardToPty,
  type BoardOnPty,
  createPtyPair,
  type PtyPair,
  SimulatedBoard,
} from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/until.js';
import { createSerialBoardHardware } from './board-hardware.js';

const logger = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];
const stations: StationHardware[] = [];

afterEach(async () => {
  // The station first, so that tearing the line down is not mistaken for an unplug.
  for (const station of stations.splice(0)) await station.stop();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The board's USB adapter: a socat PTY pair in `dir`, the simulated board on its far end. */
async function plugAdapter(
  dir: string,
  board: SimulatedBoard,
): Promise<{ pty: PtyPair; boardEnd: BoardOnPty }> {
  const pty = await createPtyPair({ dir });
  const boardEnd = await attachBoardToPty(board, pty.boardPath);
  cleanups.push(
    () => pty.close(),
    () => boardEnd.close(),
  );
  return { pty, boardEnd };
}

describe('serial lock board over a real PTY (serialport native bindings, socat)', () => {
  it('unlocks, notices the adapter vanish, and reconnects by itself when it comes back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-board-pty-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const board = new SimulatedBoard({ lockChannels: 4, probes: 1 });
    cleanups.push(() => board.stop());
    const first = await plugAdapter(dir, board);
    expect(first.pty.hostDevice).toMatch(/^\/dev\/pts\/\d+$/);

    // The station is configured with the stable link, as with /dev/serial/by-id/… on a Pi.
    const config = SerialBoardConfig.parse({
      driver: 'serial-board',
      path: first.pty.hostPath,
      heartbeatMs: 500,
    });
    const hardware: StationHardware = createSerialBoardHardware(config, [{ id: 'box', boardIndex: 0 }], {
      logger,
      retry: { minMs: 100, maxMs: 1000 },
    });
    stations.push(hardware);
    const changes: DoorChange[] = [];
    hardware.doors.onChange((c) => changes.push(c));

    await hardware.start();
    expect(hardware.health()).toMatchObject({ reachable: true, firmware: '1.0.0' });
    await hardware.locks.pulse(1, 300);
    expect(board.pulses().map((p) => p.channel)).toEqual([1]);

    // The adapter is pulled: socat and both PTYs disappear.
    await first.boardEnd.close();
    await first.pty.close();
    await until(() => !hardware.health().reachable, 10_000, 'the board to count as unreachable');
    expect(hardware.health().detail).toMatch(/closed|does not exist/);
    await expect(hardware.locks.pulse(1, 300)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });

    // Meanwhile someone forces door 2; then the adapter comes back under the same path.
    board.forceDoor(2);
    const second = await plugAdapter(dir, board);
    expect(second.pty.hostPath).toBe(first.pty.hostPath);
    await until(() => hardware.health().reachable, 20_000, 'the driver to reconnect');

    await until(() => changes.some((c) => c.input === 2 && c.open), 5000, 'the forced door to be reconciled');
    await hardware.locks.pulse(0, 300);
    expect(board.pulses().map((p) => p.channel)).toEqual([1, 0]);
  });
});
