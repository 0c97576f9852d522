import { setTimeout as sleep } from 'node:timers/promises';
import type { DoorChange, StationHardware } from '@regiobox/hardware-api';
import { GpioConfig } from '@regiobox/hardware-api';
import { SimulatedGpioChip, SimulatedGpioDoor } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.js';
import { scriptedRandom } from '../../domain/test-random.js';
import { until } from '../test-support/until.js';
import { createGpioHardware } from './gpio-hardware.js';

const logger = pino({ level: 'silent' });
const RELAYS = [17, 27];
const SWITCHES = [5, 6];

/** Two compartments: active-low relay module (the common cheap kind), reed switches high when open. */
function station(opts: { debounceMs?: number; maxPulseMs?: number; bounces?: number } = {}) {
  const chip = new SimulatedGpioChip();
  const doors = RELAYS.map(
    (relayPin, i) =>
      new SimulatedGpioDoor(chip, {
        relayPin,
        relayActiveLow: true,
        switchPin: SWITCHES[i] ?? 0,
        switchOpenLevel: 'high',
        bounces: opts.bounces ?? 0,
      }),
  );
  const config = GpioConfig.parse({
    driver: 'gpio',
    relays: RELAYS.map((pin) => ({ pin, activeLow: true })),
    doorSwitches: SWITCHES.map((pin) => ({ pin })),
    debounceMs: opts.debounceMs ?? 30,
    oneWirePath: '/nonexistent',
  });
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const hardware = createGpioHardware(config, [], {
    logger,
    backend: chip,
    clock,
    maxPulseMs: opts.maxPulseMs ?? 2000,
    random: scriptedRandom([0]),
  });
  started.push(hardware);
  const changes: DoorChange[] = [];
  hardware.doors.onChange((c) => changes.push(c));
  return { chip, doors, hardware, changes, clock };
}

const started: StationHardware[] = [];
afterEach(async () => {
  for (const hw of started.splice(0)) await hw.stop();
});

const energised = (chip: SimulatedGpioChip, pin: number): boolean => !chip.level(pin);

describe('GPIO station: lock relays', () => {
  it('energises the relay for the pulse, and the door opens only while it is energised', async () => {
    const { chip, doors, hardware, changes } = station();
    await hardware.start();
    expect(hardware.health()).toMatchObject({ reachable: true, occupancySensors: false });
    const door = doors[0]!;
    expect(energised(chip, 17)).toBe(false);
    expect(door.pull()).toBe(false);

    const pulse = hardware.locks.pulse(0, 150);
    await until(() => door.latchReleased());
    expect(door.pull()).toBe(true);
    await pulse;

    expect(energised(chip, 17)).toBe(false);
    const periods = chip.activePeriods(17);
    expect(periods).toHaveLength(1);
    expect(periods[0]!.toMs! - periods[0]!.fromMs).toBeGreaterThanOrEqual(140);
    expect(chip.activePeriods(27)).toHaveLength(0);
    await until(() => changes.length === 1);
    expect(changes[0]).toMatchObject({ input: 0, open: true });
    expect(await hardware.doors.read()).toEqual({ doors: [true, false], occupancy: [null, null] });
  });

  it('releases the relay when the driver fails mid-pulse and reports the outcome as unknown', async () => {
    const { chip, hardware } = station();
    await hardware.start();
    chip.injectWriteFault(17, { on: 'activate', times: 1, applyBeforeFailing: true });

    await expect(hardware.locks.pulse(0, 200)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });

    expect(energised(chip, 17)).toBe(false);
    expect(chip.activePeriods(17)).toHaveLength(1);
    expect(chip.activePeriods(17)[0]!.toMs).not.toBeNull();
  });

  it('still releases the relay when the first release write fails', async () => {
    const { chip, hardware } = station();
    await hardware.start();
    chip.injectWriteFault(17, { on: 'deactivate', times: 1, applyBeforeFailing: false });

    await hardware.locks.pulse(0, 50);

    expect(energised(chip, 17)).toBe(false);
  });

  it('refuses a second pulse on a channel that is pulsing, without touching the relay', async () => {
    const { chip, hardware } = station();
    await hardware.start();
    const first = hardware.locks.pulse(0, 300);
    await until(() => energised(chip, 17));

    const second = hardware.locks.pulse(0, 300);
    await expect(second).rejects.toMatchObject({ code: 'SOLENOID_COOLDOWN' });
    const err = await second.catch((e: unknown) => e);
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    await hardware.locks.pulse(1, 50);
    await first;

    expect(chip.activePeriods(17)).toHaveLength(1);
    expect(chip.activePeriods(27)).toHaveLength(1);
  });

  it('never holds a solenoid longer than the maximum pulse', async () => {
    const { chip, hardware } = station({ maxPulseMs: 100 });
    await hardware.start();

    await hardware.locks.pulse(0, 60_000);

    const [period] = chip.activePeriods(17);
    expect(period!.toMs! - period!.fromMs).toBeLessThan(10_000);
  });

  it('rejects a channel that has no relay', async () => {
    const { hardware } = station();
    await hardware.start();
    await expect(hardware.locks.pulse(5, 100)).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
  });

  it('drives every relay off on stop, even in the middle of a pulse', async () => {
    const { chip, hardware } = station();
    await hardware.start();
    const pulse = hardware.locks.pulse(1, 1500).catch((e: unknown) => e);
    await until(() => energised(chip, 27));

    await hardware.stop();

    expect(energised(chip, 27)).toBe(false);
    expect(await pulse).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(chip.isRequested(27)).toBe(false);
    expect(hardware.health().reachable).toBe(false);
  });
});

describe('GPIO station: door switches', () => {
  it('reports one change per door movement although the reed contact chatters', async () => {
    const { doors, hardware, changes } = station({ bounces: 6, debounceMs: 100 });
    await hardware.start();
    const door = doors[1]!;

    door.forceOpen();
    await until(() => changes.length >= 1);
    door.close();
    await until(() => changes.length >= 2);
    // Give any late (wrong) chatter event the debounce window to show up before counting.
    await hardware.locks.pulse(0, 250);

    expect(changes.map((c) => [c.input, c.open])).toEqual([
      [1, true],
      [1, false],
    ]);
  });

  it('ignores a contact blip that returns to its old state within the debounce time', async () => {
    const { chip, hardware, changes } = station({ debounceMs: 100 });
    await hardware.start();

    for (let i = 0; i < 5; i += 1) {
      chip.setLevel(5, true);
      await sleep(3);
      chip.setLevel(5, false);
      await sleep(3);
    }
    await hardware.locks.pulse(0, 250);

    expect(changes).toEqual([]);
    expect((await hardware.doors.read()).doors[0]).toBe(false);
  });

  it('stamps a door change with the station clock and reports a door forced open', async () => {
    const { doors, hardware, changes, clock } = station();
    await hardware.start();
    clock.advance(60_000);

    doors[0]!.forceOpen();
    await until(() => changes.length === 1);

    expect(changes[0]).toEqual({ input: 0, open: true, at: new Date('2026-03-01T10:01:00.000Z') });
    expect(doors[0]!.unlockCount).toBe(0);
  });
});

describe('GPIO station: lines not available', () => {
  it('starts anyway, says why, refuses unlocks, and comes up by itself once the pins are free', async () => {
    const { chip, hardware } = station();
    const squatter = await chip.openOutput({
      line: { kind: 'sysfs', gpio: 27 },
      activeLow: true,
      maxActiveMs: 100,
    });
    const healthLog: boolean[] = [];
    hardware.onHealthChange((h) => healthLog.push(h.reachable));

    await hardware.start();

    expect(hardware.health().reachable).toBe(false);
    expect(hardware.health().detail).toContain('EBUSY');
    await expect(hardware.locks.pulse(0, 100)).rejects.toMatchObject({ code: 'DEVICE_MISSING' });
    expect(chip.isRequested(17)).toBe(false);

    await squatter.close();
    await until(() => hardware.health().reachable, 10_000);
    await hardware.locks.pulse(1, 50);
    expect(chip.activePeriods(27)).toHaveLength(1);
    expect(healthLog).toEqual([false, true]);
  });
});
