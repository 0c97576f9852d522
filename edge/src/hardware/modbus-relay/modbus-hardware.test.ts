import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DoorChange, StationHardware } from '@regiobox/hardware-api';
import { ModbusRelayConfig } from '@regiobox/hardware-api';
import { SimulatedRelayBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/until.js';
import { createModbusRelayHardware } from './modbus-hardware.js';

const logger = pino({ level: 'silent' });
const PATH = '/dev/serial/by-id/usb-waveshare';
const running: StationHardware[] = [];
const boards: SimulatedRelayBoard[] = [];
const vendor = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../../firmware-proto/src/vendors/waveshare-relay/vectors.json'),
    'utf8',
  ),
) as { requests: { name: string; hex: string }[] };
const vendorFrame = (name: string) =>
  Buffer.from((vendor.requests.find((r) => r.name === name)?.hex ?? '').replaceAll(' ', ''), 'hex');

afterEach(async () => {
  for (const hw of running.splice(0)) await hw.stop();
  for (const board of boards.splice(0)) board.stop();
});

function rig(extra: Record<string, unknown> = {}, boardOptions: { flashOn?: boolean } = {}) {
  const board = new SimulatedRelayBoard({ springOpen: true, ...boardOptions });
  boards.push(board);
  const binding = new SimulatedSerialBinding();
  binding.plug(PATH, board);
  const config = ModbusRelayConfig.parse({ driver: 'modbus-relay', path: PATH, pollMs: 100, ...extra });
  const hardware = createModbusRelayHardware(config, [], {
    logger,
    binding,
  });
  running.push(hardware);
  const changes: DoorChange[] = [];
  hardware.doors.onChange((c) => changes.push(c));
  return { board, binding, hardware, changes };
}

describe('modbus-relay driver (modbus-serial) on the simulated Waveshare board', () => {
  it('releases every relay at start with the vendor’s "all relays off" frame', async () => {
    const { board, hardware } = rig();
    board.forceDoor(0);
    await hardware.start();
    expect(board.line.takeHeard().subarray(0, 10)).toEqual(vendorFrame('all 8 relays off'));
    expect(hardware.health()).toMatchObject({ reachable: true, detail: expect.stringContaining('unit 1') });
  });

  it('pulses a lock with the board’s own flash on, in the vendor’s bytes, and sees the door open by polling', async () => {
    const { board, hardware, changes } = rig();
    await hardware.start();
    board.line.takeHeard();
    await hardware.locks.pulse(1, 800);
    expect(board.line.takeHeard()).toEqual(vendorFrame('relay 1 flash on for 800 ms'));
    expect(board.pulses()).toMatchObject([{ relay: 1, flashMs: 800 }]);
    await until(() => changes.some((c) => c.input === 1 && c.open), 2000, 'the door seen open');
    await until(() => !board.isRelayOn(1), 2000, 'the board ending its flash');
  });

  it('without flash on: coil on, then off after the pulse, by the station', async () => {
    const { board, hardware } = rig({ flashOn: false }, { flashOn: false });
    await hardware.start();
    await hardware.locks.pulse(3, 150);
    expect(board.isRelayOn(3)).toBe(true);
    await until(() => !board.isRelayOn(3), 2000, 'the relay released');
    expect(board.pulses()).toMatchObject([{ relay: 3, flashMs: null }]);
  });

  it('a lost pulse reply is confirmed by reading the coil back, and the pulse is never sent again', async () => {
    const { board, hardware } = rig();
    await hardware.start();
    board.line.dropNextReplies(1);
    await hardware.locks.pulse(2, 1000);
    expect(board.pulses().map((p) => p.relay)).toEqual([2]);
  });

  it('a lost reply with nothing energised is OUTCOME_UNKNOWN, and nothing is sent again', async () => {
    const { board, hardware } = rig();
    await hardware.start();
    board.line.dropNextReplies(2);
    await expect(hardware.locks.pulse(2, 100)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    // the flash was 100 ms; by the read-back it was over: one pulse, and no second one
    expect(board.pulses().map((p) => p.relay)).toEqual([2]);
  });

  it('refuses a relay the board does not have', async () => {
    const { board, hardware } = rig({ relays: 4 });
    await hardware.start();
    await expect(hardware.locks.pulse(4, 400)).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect(board.pulses()).toEqual([]);
  });

  it('unplugged: unreachable, doors unknown; replugged: relays released again and a forced door reported', async () => {
    const { board, binding, hardware, changes } = rig();
    await hardware.start();
    binding.unplug(PATH);
    await until(() => !hardware.health().reachable, 2000, 'unreachable');
    await expect(hardware.locks.pulse(0, 400)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });
    expect((await hardware.doors.read()).doors.every((d) => d === null)).toBe(true);
    board.forceDoor(6);
    board.line.takeHeard();
    binding.plug(PATH, board);
    await until(() => hardware.health().reachable, 3000, 'recovery');
    expect(board.line.takeHeard().subarray(0, 10)).toEqual(vendorFrame('all 8 relays off'));
    await until(() => changes.some((c) => c.input === 6 && c.open), 2000, 'the forced door reported');
  });

  it('keeps working through noise on the line and counts it in the line statistics', async () => {
    const { board, hardware, changes } = rig();
    await hardware.start();
    board.line.noise(Buffer.from([0x00, 0xff, 0x7e, 0x13]));
    await hardware.locks.pulse(5, 800);
    await until(() => changes.some((c) => c.input === 5 && c.open), 2000, 'the door seen open');
    expect(hardware.health().line?.garbageBytes).toBeGreaterThanOrEqual(4);
    expect(board.pulses().map((p) => p.relay)).toEqual([5]);
  });
});
