import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DoorChange, StationHardware } from '@regiobox/hardware-api';
import { GpioConfig } from '@regiobox/hardware-api';
import { installSimulatedLibgpiod, type SimulatedLibgpiodChip } from '@regiobox/simulated-devices';
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

function chip(): SimulatedLibgpiodChip {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-gpiod-'));
  dirs.push(dir);
  return installSimulatedLibgpiod(dir);
}

/** A 1-door cold box: active-low relay on offset 17 of the chip, reed switch on offset 22. */
function coldBox(sim: SimulatedLibgpiodChip, maxPulseMs = 2000) {
  const config = GpioConfig.parse({
    driver: 'gpio',
    backend: 'chardev',
    chip: sim.chip,
    relays: [{ line: 17, activeLow: true }],
    doorSwitches: [{ line: 22 }],
    debounceMs: 20,
    oneWirePath: '/nonexistent',
  });
  const backend = createLibgpiodBackend({ tools: sim.tools, logger });
  const hardware = createGpioHardware(config, [], { logger, backend, maxPulseMs });
  running.push(hardware);
  const changes: DoorChange[] = [];
  hardware.doors.onChange((c) => changes.push(c));
  return { hardware, changes };
}

describe('GPIO over the character device (libgpiod v2 tools)', () => {
  it('pulses the relay through gpioset and releases it', async () => {
    const sim = chip();
    const { hardware } = coldBox(sim);
    await hardware.start();
    expect(hardware.health()).toMatchObject({ reachable: true, detail: 'GPIO via chardev' });
    expect(sim.level(17)).toBe(true);

    await hardware.locks.pulse(0, 200);

    expect(sim.level(17)).toBe(true);
    expect(
      sim
        .writes()
        .filter((w) => w.offset === 17)
        .map((w) => w.high),
    ).toEqual([true, false, true]);
  });

  it('reads the door with gpioget and follows it with gpiomon', async () => {
    const sim = chip();
    sim.setLevel(22, true);
    const { hardware, changes } = coldBox(sim);
    await hardware.start();
    expect((await hardware.doors.read()).doors).toEqual([true]);

    sim.setLevel(22, false);
    await until(() => changes.length === 1, 10_000);
    sim.setLevel(22, true);
    await until(() => changes.length === 2, 10_000);

    expect(changes.map((c) => c.open)).toEqual([false, true]);
  });

  it('lets gpioset itself end an active phase at the maximum, even if the station never does', async () => {
    const sim = chip();
    const backend = createLibgpiodBackend({ tools: sim.tools });
    const line = { kind: 'offset', chip: sim.chip, offset: 5 } as const;
    const relay = await backend.openOutput({ line, activeLow: false, maxActiveMs: 150 });

    await relay.write(true);
    expect(sim.level(5)).toBe(true);
    await until(() => !sim.level(5), 10_000);
    await relay.close();
  });

  it('explains a missing tool instead of failing obscurely', async () => {
    const backend = createLibgpiodBackend({ tools: { gpioset: '/nonexistent/gpioset' } });
    const line = { kind: 'offset', chip: 'gpiochip0', offset: 5 } as const;
    await expect(backend.openOutput({ line, activeLow: false, maxActiveMs: 100 })).rejects.toMatchObject({
      code: 'DEVICE_MISSING',
      message: expect.stringContaining('libgpiod v2 tools'),
    });
  });
});
