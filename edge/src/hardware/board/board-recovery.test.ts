import type { StationHardware } from '@regiobox/hardware-api';
import { SerialBoardConfig } from '@regiobox/hardware-api';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/until.js';
import { createSerialBoardHardware } from './board-hardware.js';

const PATH = '/dev/serial/by-id/usb-regiobox-board-if00';
/** the promise of issue 15: back within 3 s of the board or the adapter */
const RECOVERY_MS = 3_000;

/** The simulator's binding, counting how often the station tries to open the device. */
class CountingBinding extends SimulatedSerialBinding {
  opens = 0;

  override open(options: Parameters<SimulatedSerialBinding['open']>[0]) {
    this.opens += 1;
    return super.open(options);
  }
}

const running: StationHardware[] = [];
const boards: SimulatedBoard[] = [];
afterEach(async () => {
  for (const hw of running.splice(0)) await hw.stop();
  for (const board of boards.splice(0)) board.stop();
});

/** The driver with its shipped retry policy: no test timings. */
function setup() {
  const board = new SimulatedBoard({ lockChannels: 2, probes: 0, occupancySensors: [false, false] });
  boards.push(board);
  const binding = new CountingBinding();
  binding.plug(PATH, board);
  const config = SerialBoardConfig.parse({ driver: 'serial-board', path: PATH, heartbeatMs: 500 });
  const hardware = createSerialBoardHardware(config, [], { logger: pino({ level: 'silent' }), binding });
  running.push(hardware);
  return { board, binding, hardware };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function msUntilReachable(hardware: StationHardware): Promise<number> {
  const from = performance.now();
  await until(() => hardware.health().reachable, 30_000, 'the board reachable again');
  return performance.now() - from;
}

describe('serial lock board: recovery', () => {
  it('drives a board that was silent for 15 s again within 3 s of its first answer', async () => {
    const { board, hardware } = setup();
    await hardware.start();
    board.goSilent();
    await until(() => !hardware.health().reachable, 10_000, 'the silence noticed');
    await sleep(15_000);

    board.resume();
    const tookMs = await msUntilReachable(hardware);

    expect(tookMs).toBeLessThan(RECOVERY_MS);
  }, 40_000);

  it('drives an adapter plugged back in after 10 s within 3 s, without opening the missing device meanwhile', async () => {
    const { board, binding, hardware } = setup();
    await hardware.start();
    binding.unplug(PATH);
    await until(() => !hardware.health().reachable, 10_000, 'the unplug noticed');
    await sleep(500);
    const opensBefore = binding.opens;
    await sleep(10_000);
    // a missing device path is watched, not opened: no retry storm against a device that is not there
    expect(binding.opens - opensBefore).toBe(0);
    expect(hardware.health().detail).toContain('does not exist');

    binding.plug(PATH, board);
    const tookMs = await msUntilReachable(hardware);

    expect(tookMs).toBeLessThan(RECOVERY_MS);
  }, 40_000);
});
