import { kerongCu } from '@regiobox/firmware-proto';
import type { DoorChange, StationHardware } from '@regiobox/hardware-api';
import { KerongCuConfig } from '@regiobox/hardware-api';
import { SimulatedKerongBus, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/until.js';
import { createKerongCuHardware } from './kerong-hardware.js';

const logger = pino({ level: 'silent' });
const PATH = '/dev/serial/by-id/usb-kerong';
const running: StationHardware[] = [];
const buses: SimulatedKerongBus[] = [];

afterEach(async () => {
  for (const hw of running.splice(0)) await hw.stop();
  for (const bus of buses.splice(0)) bus.stop();
});

function rig(boards: number[] = [0], extra: Record<string, unknown> = {}) {
  const bus = new SimulatedKerongBus({ boards, springOpen: true, unlockTimeMs: 200 });
  buses.push(bus);
  const binding = new SimulatedSerialBinding();
  binding.plug(PATH, bus);
  const config = KerongCuConfig.parse({ driver: 'kerong-cu', path: PATH, boards, pollMs: 100, ...extra });
  const hardware = createKerongCuHardware(config, [], {
    logger,
    binding,
  });
  running.push(hardware);
  const changes: DoorChange[] = [];
  hardware.doors.onChange((c) => changes.push(c));
  return { bus, binding, hardware, changes };
}

describe('kerong-cu driver on the simulated Kerong bus (in-process serial binding)', () => {
  it('opens lock 18 on the second board of a cascade and sees its door open by polling', async () => {
    const { bus, hardware, changes } = rig([0, 3]);
    await hardware.start();
    expect(hardware.health()).toMatchObject({
      reachable: true,
      detail: expect.stringContaining('boards 0, 3'),
    });
    await hardware.locks.pulse(18, 400);
    expect(bus.pulses()).toMatchObject([{ board: 3, lock: 2, channel: 18 }]);
    await until(() => changes.some((c) => c.input === 18 && c.open), 2000, 'the door change');
    expect((await hardware.doors.read()).doors[18]).toBe(true);
    bus.closeDoor(18);
    await until(() => changes.some((c) => c.input === 18 && !c.open), 2000, 'the door shut');
  });

  it('refuses a channel no board has, sending nothing', async () => {
    const { bus, hardware } = rig([0]);
    await hardware.start();
    await expect(hardware.locks.pulse(16, 400)).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect(bus.pulses()).toEqual([]);
  });

  it('a lost UNLOCK reply is OUTCOME_UNKNOWN and the lock is never fired a second time', async () => {
    const { bus, hardware, changes } = rig([0]);
    await hardware.start();
    bus.line.dropNextReplies(1);
    await expect(hardware.locks.pulse(2, 400)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(bus.pulses().map((p) => p.channel)).toEqual([2]);
    // the door switch decides: the door that opened is reported
    await until(() => changes.some((c) => c.input === 2 && c.open), 2000, 'the door seen open');
    expect(bus.pulses()).toHaveLength(1);
  });

  it('reports infrared sensors as occupancy only when the config says they are fitted', async () => {
    const fitted = rig([0], { infraredSensors: true });
    fitted.bus.setInside(4, true);
    await fitted.hardware.start();
    expect(fitted.hardware.health().occupancySensors).toBe(true);
    expect((await fitted.hardware.doors.read()).occupancy.slice(3, 5)).toEqual([false, true]);
    const plain = rig([0]);
    await plain.hardware.start();
    expect((await plain.hardware.doors.read()).occupancy[4]).toBeNull();
  });

  it('unplugged: unreachable at once, doors unknown; replugged: back, with the door forced meanwhile', async () => {
    const { bus, binding, hardware, changes } = rig([0]);
    await hardware.start();
    binding.unplug(PATH);
    await until(() => !hardware.health().reachable, 2000, 'unreachable');
    await expect(hardware.locks.pulse(0, 400)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });
    expect((await hardware.doors.read()).doors.every((d) => d === null)).toBe(true);
    bus.forceDoor(5);
    binding.plug(PATH, bus);
    await until(() => hardware.health().reachable, 3000, 'recovery');
    await until(() => changes.some((c) => c.input === 5 && c.open), 2000, 'the forced door reported');
  });

  it('a board that falls silent is reported unreachable after two missed polls, and recovers', async () => {
    const { bus, hardware } = rig([0]);
    await hardware.start();
    bus.line.silent = true;
    await until(() => !hardware.health().reachable, 3000, 'unreachable');
    expect(hardware.health().detail).toMatch(/stopped answering|does not answer/);
    bus.line.silent = false;
    await until(() => hardware.health().reachable, 3000, 'recovery');
  });

  it('never sends "open all" or anything but READ STATUS and UNLOCK, whatever the station does', async () => {
    const { bus, binding, hardware } = rig([0, 1]);
    await hardware.start();
    await hardware.locks.pulse(3, 400);
    await hardware.locks.pulse(17, 400);
    await hardware.locks.releaseAll();
    await hardware.doors.read();
    binding.unplug(PATH);
    await until(() => !hardware.health().reachable, 2000, 'unreachable');
    binding.plug(PATH, bus);
    await until(() => hardware.health().reachable, 3000, 'recovery');
    await hardware.stop();
    const commands = new Set<number>();
    const decoder = new kerongCu.KerongFrameDecoder();
    decoder.on('data', (frame: kerongCu.KerongFrame) => commands.add(frame.command));
    decoder.write(bus.line.takeHeard());
    expect([...commands].sort()).toEqual([kerongCu.KerongCommand.readStatus, kerongCu.KerongCommand.unlock]);
  });

  it('keeps working through noise on the bus and counts it in the line statistics', async () => {
    const { bus, hardware, changes } = rig([0]);
    await hardware.start();
    // garbage, a damaged status frame, more garbage: then the boards' real answers
    bus.line.noise(Buffer.from([0xff, 0x13, 0x02, 0x00, 0x35, 0xff, 0xff, 0x00, 0x00, 0x03, 0x00, 0x7e]));
    await hardware.locks.pulse(6, 400);
    await until(() => changes.some((c) => c.input === 6 && c.open), 2000, 'the door seen open');
    const line = hardware.health().line;
    expect(line?.crcErrors).toBeGreaterThanOrEqual(1);
    expect(line?.garbageBytes).toBeGreaterThanOrEqual(3);
    expect(hardware.health().reachable).toBe(true);
  });
});
