import { describe, expect, it } from 'vitest';
import { SimulatedGpioChip } from './chip.js';
import { SimulatedGpioDoor } from './door.js';

const offset = (n: number) => ({ kind: 'offset', chip: 'gpiochip0', offset: n }) as const;
const wiring = { relayPin: 17, relayActiveLow: true, switchPin: 5, switchOpenLevel: 'high' } as const;

describe('simulated GPIO door', () => {
  it('stays latched until the relay is energised, and reports its state on the reed switch', async () => {
    const chip = new SimulatedGpioChip();
    const door = new SimulatedGpioDoor(chip, wiring);
    const relay = await chip.openOutput({ line: offset(17), activeLow: true, maxActiveMs: 1000 });
    const reed = await chip.openInput({ line: offset(5), activeLow: false });

    expect(door.pull()).toBe(false);
    expect(await reed.read()).toBe(false);

    await relay.write(true);
    expect(chip.level(17)).toBe(false);
    expect(door.pull()).toBe(true);
    expect(await reed.read()).toBe(true);
    expect(door.unlockCount).toBe(1);

    await relay.write(false);
    door.close();
    expect(await reed.read()).toBe(false);
    expect(chip.activePeriods(17)).toHaveLength(1);
  });

  it('opens without the relay only when forced', () => {
    const chip = new SimulatedGpioChip();
    const door = new SimulatedGpioDoor(chip, wiring);
    door.forceOpen();
    expect(door.open).toBe(true);
    expect(chip.level(5)).toBe(true);
    expect(door.unlockCount).toBe(0);
  });

  it('chatters on the way and settles at the door state', async () => {
    const chip = new SimulatedGpioChip();
    const door = new SimulatedGpioDoor(chip, { ...wiring, bounces: 3, bounceIntervalMs: 1 });
    const levels: boolean[] = [];
    chip.onLevel(5, (high) => levels.push(high));

    door.forceOpen();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(levels.length).toBeGreaterThan(1);
    expect(levels.at(-1)).toBe(true);
    expect(chip.level(5)).toBe(true);
  });
});

describe('simulated GPIO chip', () => {
  it('grants a line to one requester at a time, as the kernel does', async () => {
    const chip = new SimulatedGpioChip();
    const first = await chip.openInput({ line: offset(4), activeLow: false });
    await expect(
      chip.openOutput({ line: offset(4), activeLow: false, maxActiveMs: 10 }),
    ).rejects.toMatchObject({
      code: 'EBUSY',
    });
    await first.close();
    await expect(
      chip.openOutput({ line: offset(4), activeLow: false, maxActiveMs: 10 }),
    ).resolves.toBeDefined();
  });

  it('delivers input edges asynchronously and in order', async () => {
    const chip = new SimulatedGpioChip();
    const line = await chip.openInput({ line: offset(6), activeLow: true });
    const seen: boolean[] = [];
    line.watch((active) => seen.push(active));

    chip.setLevel(6, true);
    chip.setLevel(6, false);
    expect(seen).toEqual([]);
    await Promise.resolve();

    expect(seen).toEqual([false, true]);
  });
});
