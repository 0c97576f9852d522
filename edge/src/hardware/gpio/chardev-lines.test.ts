import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StationHardware } from '@regiobox/hardware-api';
import { GpioConfig } from '@regiobox/hardware-api';
import {
  installSimulatedLibgpiod,
  raspberryPiHeaderChip,
  type SimulatedLibgpiodChip,
  type SimulatedLibgpiodOptions,
} from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/until.js';
import { createLibgpiodBackend } from './chardev-backend.js';
import { createGpioHardware } from './gpio-hardware.js';

const logger = pino({ level: 'silent' });
const dirs: string[] = [];
const running: StationHardware[] = [];

afterEach(async () => {
  for (const hw of running.splice(0)) await hw.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function system(options: SimulatedLibgpiodOptions = {}): SimulatedLibgpiodChip {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-gpiod-'));
  dirs.push(dir);
  return installSimulatedLibgpiod(dir, options);
}

/** An older Raspberry Pi 5 kernel: four brcmstb chips first, the header (pinctrl-rp1) on gpiochip4. */
const PI_5_CHIPS = [
  ...[0, 1, 2, 3].map((n) => ({ name: `gpiochip${n}`, lineNames: Array.from({ length: 32 }, () => '') })),
  raspberryPiHeaderChip('gpiochip4'),
];

/** A one-door cold box as the config file gives it; lines as `hardware.relays[0]` etc. would be. */
function coldBox(sim: SimulatedLibgpiodChip, hardwareKeys: Record<string, unknown>) {
  const config = GpioConfig.parse({
    driver: 'gpio',
    backend: 'chardev',
    debounceMs: 20,
    oneWirePath: '/nonexistent',
    ...hardwareKeys,
  });
  const backend = createLibgpiodBackend({ tools: sim.tools, logger });
  const hardware = createGpioHardware(config, [], { logger, backend, maxPulseMs: 2000 });
  running.push(hardware);
  return hardware;
}

const relayWrites = (sim: SimulatedLibgpiodChip, offset: number, chip?: string) =>
  sim
    .writes(chip)
    .filter((w) => w.offset === offset)
    .map((w) => w.high);

describe('GPIO lines on the character device, by name or by chip and offset', () => {
  it('finds the relay and the door switch by their names (GPIO17, GPIO22) and pulses the relay', async () => {
    const sim = system();
    sim.setLevel(22, true);
    const hardware = coldBox(sim, {
      relays: [{ line: 'GPIO17', activeLow: true }],
      doorSwitches: [{ line: 'GPIO22' }],
    });

    await hardware.start();
    expect(hardware.health()).toMatchObject({ reachable: true, detail: 'GPIO via chardev' });
    expect((await hardware.doors.read()).doors).toEqual([true]);
    await hardware.locks.pulse(0, 150);

    // active low: high (off) at the request, low for the pulse, high again
    expect(relayWrites(sim, 17)).toEqual([true, false, true]);
  });

  it('finds GPIO17 on a Raspberry Pi 5 whose header is gpiochip4, without the config naming the chip', async () => {
    const sim = system({ chips: PI_5_CHIPS });
    const hardware = coldBox(sim, {
      relays: [{ line: 'GPIO17', activeLow: true }],
      doorSwitches: [{ line: 'GPIO22' }],
    });

    await hardware.start();
    await hardware.locks.pulse(0, 150);

    expect(relayWrites(sim, 17, 'gpiochip4')).toEqual([true, false, true]);
    expect(sim.writes('gpiochip0')).toEqual([]);
  });

  it('pulses a relay given by chip and offset (gpiochip4, line 17)', async () => {
    const sim = system({ chips: PI_5_CHIPS });
    const hardware = coldBox(sim, {
      chip: 'gpiochip4',
      relays: [{ line: 17, activeLow: true }],
      doorSwitches: [{ line: 22 }],
    });

    await hardware.start();
    await hardware.locks.pulse(0, 150);

    expect(relayWrites(sim, 17, 'gpiochip4')).toEqual([true, false, true]);
    expect(sim.writes('gpiochip0')).toEqual([]);
  });

  it('starts without a line no chip has, says which, and refuses unlocks', async () => {
    const sim = system();
    const hardware = coldBox(sim, { relays: [{ line: 'GPIO99' }], doorSwitches: [{ line: 'GPIO22' }] });

    await hardware.start();

    expect(hardware.health()).toMatchObject({ reachable: false });
    expect(hardware.health().detail).toContain('no GPIO line is named GPIO99');
    await expect(hardware.locks.pulse(0, 100)).rejects.toMatchObject({ code: 'DEVICE_MISSING' });
    expect(sim.writes()).toEqual([]);
  });

  it('refuses a name that two chips share instead of driving either', async () => {
    const sim = system({ chips: [raspberryPiHeaderChip('gpiochip0'), raspberryPiHeaderChip('gpiochip1')] });
    const hardware = coldBox(sim, { relays: [{ line: 'GPIO17' }], doorSwitches: [{ line: 'GPIO22' }] });

    await hardware.start();

    expect(hardware.health().detail).toContain(
      'the GPIO line name GPIO17 is not unique (gpiochip0 line 17, gpiochip1 line 17)',
    );
    expect(sim.writes('gpiochip0')).toEqual([]);
    expect(sim.writes('gpiochip1')).toEqual([]);
  });

  it('reports an offset the chip does not have', async () => {
    const sim = system();
    const hardware = coldBox(sim, { relays: [{ line: 60 }], doorSwitches: [{ line: 22 }] });

    await hardware.start();

    expect(hardware.health().detail).toContain("offset 60 is out of range on chip 'gpiochip0'");
  });

  it('explains that Debian bookworm’s libgpiod 1.6 tools do not fit, and what to do instead', async () => {
    const sim = system({ version: '1.6.3' });
    const backend = createLibgpiodBackend({ tools: sim.tools });
    const line = { kind: 'name', name: 'GPIO17' } as const;

    await expect(backend.openOutput({ line, activeLow: false, maxActiveMs: 100 })).rejects.toMatchObject({
      code: 'DEVICE_MISSING',
      message: expect.stringMatching(/libgpiod v1 .*hardware\.backend to sysfs .*GPIO17 is 529/),
    });
    expect(sim.writes()).toEqual([]);
  });

  it('comes up by itself once a missing line appears (an I2C expander probed late)', async () => {
    const sim = system();
    const hardware = coldBox(sim, { relays: [{ line: 'LOCK_1' }], doorSwitches: [{ line: 'GPIO22' }] });
    await hardware.start();
    expect(hardware.health().reachable).toBe(false);

    sim.addChip({
      name: 'gpiochip2',
      lineNames: ['LOCK_1', 'LOCK_2', ...Array.from({ length: 14 }, () => '')],
    });

    await until(() => hardware.health().reachable, 10_000);
    await hardware.locks.pulse(0, 100);
    expect(relayWrites(sim, 0, 'gpiochip2')).toEqual([false, true, false]);
  });
});
