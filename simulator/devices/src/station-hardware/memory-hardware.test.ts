import type { DoorChange } from '@regiobox/hardware-api';
import { describe, expect, it } from 'vitest';
import { MemoryStationHardware } from './memory-hardware.js';

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('memory station hardware', () => {
  it('a door stays shut when pulled without a pulse, and opens after one', async () => {
    const hw = new MemoryStationHardware({ doors: 4 });
    const changes: DoorChange[] = [];
    hw.doors.onChange((c) => changes.push(c));
    expect(hw.pullDoor(2)).toBe(false);
    await hw.locks.pulse(2, 300);
    expect(hw.pullDoor(2)).toBe(true);
    await until(() => changes.length === 1);
    expect(changes[0]).toMatchObject({ input: 2, open: true });
    expect((await hw.doors.read()).doors).toEqual([false, false, true, false]);
    hw.closeDoor(2);
    await until(() => changes.length === 2);
    expect(hw.pullDoor(2)).toBe(false);
  });

  it('a forced door opens without a pulse and reports like any other', async () => {
    const hw = new MemoryStationHardware({ doors: 2 });
    const changes: DoorChange[] = [];
    hw.doors.onChange((c) => changes.push(c));
    hw.forceDoor(1);
    await until(() => changes.length === 1);
    expect(hw.pulses).toHaveLength(0);
  });

  it('an unplugged board fails fast and tells its health listeners', async () => {
    const hw = new MemoryStationHardware({ doors: 2 });
    const health: boolean[] = [];
    hw.onHealthChange((h) => health.push(h.reachable));
    hw.setReachable(false);
    await expect(hw.locks.pulse(0, 300)).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });
    await expect(hw.doors.read()).rejects.toMatchObject({ code: 'BOARD_UNREACHABLE' });
    expect(hw.pullDoor(0)).toBe(false);
    hw.setReachable(true);
    expect(health).toEqual([false, true]);
  });

  it('a lost confirmation can still have fired the solenoid', async () => {
    const hw = new MemoryStationHardware({ doors: 2 });
    hw.failNextPulse('OUTCOME_UNKNOWN', true);
    await expect(hw.locks.pulse(1, 300)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(hw.isUnlatched(1)).toBe(true);
    hw.failNextPulse('BOARD_TIMEOUT', false);
    await expect(hw.locks.pulse(0, 300)).rejects.toMatchObject({ code: 'BOARD_TIMEOUT' });
    expect(hw.isUnlatched(0)).toBe(false);
  });

  it('a board that goes silent mid-command never answers the pulse', async () => {
    const hw = new MemoryStationHardware({ doors: 1 });
    hw.hangNextPulse(true);
    const outcome = await Promise.race([
      hw.locks.pulse(0, 300).then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('silent'), 50)),
    ]);
    expect(outcome).toBe('silent');
    expect(hw.isUnlatched(0)).toBe(true);
  });

  it('probes and occupancy read back what the test set', async () => {
    const hw = new MemoryStationHardware({ doors: 2, probes: ['a', 'b'] });
    hw.setProbe('a', 6.5);
    hw.setProbe('b', null);
    hw.setOccupied(1, true);
    expect(await hw.thermometers.read()).toEqual([
      { probeId: 'a', celsius: 6.5, status: 'ok' },
      { probeId: 'b', celsius: null, status: 'missing' },
    ]);
    expect((await hw.doors.read()).occupancy).toEqual([false, true]);
  });

  it('a spring-loaded door pops open after its pulse', async () => {
    const hw = new MemoryStationHardware({ doors: 1, springOpen: true });
    await hw.locks.pulse(0, 300);
    await until(() => hw.isOpen(0));
  });
});
