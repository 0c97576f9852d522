import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimulatedOneWireBus } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OneWireThermometers } from './thermometers.js';

const logger = pino({ level: 'silent' });
const dirs: string[] = [];

function busDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-w1-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const fridge = { id: 'fridge', oneWireId: '28-0316a2790dff' };
const freezer = { id: 'freezer', oneWireId: '28-0416b1c2d3e4' };

describe('DS18B20 probes on the one-wire bus', () => {
  it('reads every probe in degrees Celsius from w1_slave', async () => {
    const bus = new SimulatedOneWireBus(busDir());
    bus.setProbe(fridge.oneWireId, 4.25);
    bus.setProbe(freezer.oneWireId, -19.5);
    const probes = new OneWireThermometers({ path: bus.root, probes: [fridge, freezer], logger });

    expect(await probes.read()).toEqual([
      { probeId: 'fridge', celsius: 4.25, status: 'ok' },
      { probeId: 'freezer', celsius: -19.5, status: 'ok' },
    ]);
  });

  it('reports an unplugged probe as missing and the others as usual', async () => {
    const bus = new SimulatedOneWireBus(busDir());
    bus.setProbe(fridge.oneWireId, 6);
    const probes = new OneWireThermometers({ path: bus.root, probes: [fridge, freezer], logger });

    const readings = await probes.read();
    expect(readings).toEqual([
      { probeId: 'fridge', celsius: 6, status: 'ok' },
      { probeId: 'freezer', celsius: null, status: 'missing' },
    ]);

    bus.remove(fridge.oneWireId);
    expect((await probes.read())[0]).toEqual({ probeId: 'fridge', celsius: null, status: 'missing' });
  });

  it('never reports a damaged transfer (CRC NO) as a temperature', async () => {
    const bus = new SimulatedOneWireBus(busDir());
    bus.setFault(fridge.oneWireId, 'crc');
    const probes = new OneWireThermometers({ path: bus.root, probes: [fridge], logger });

    expect(await probes.read()).toEqual([{ probeId: 'fridge', celsius: null, status: 'fault' }]);
  });

  it('treats the 85 °C power-on value and a shorted data line as faults, not as warm milk', async () => {
    const bus = new SimulatedOneWireBus(busDir());
    bus.setFault(fridge.oneWireId, 'power-on-reset');
    bus.setFault(freezer.oneWireId, 'bus-short');
    const probes = new OneWireThermometers({ path: bus.root, probes: [fridge, freezer], logger });

    const readings = await probes.read();
    expect(readings.map((r) => r.status)).toEqual(['fault', 'fault']);
    expect(readings.map((r) => r.celsius)).toEqual([null, null]);

    bus.setProbe(fridge.oneWireId, 3.5);
    expect((await probes.read())[0]).toEqual({ probeId: 'fridge', celsius: 3.5, status: 'ok' });
  });

  it('triggers one bulk conversion and reads the temperature files where the bus master offers it', async () => {
    const bus = new SimulatedOneWireBus(busDir(), { bulkRead: true, temperatureFile: true });
    bus.setProbe(fridge.oneWireId, 2.125);
    bus.setProbe(freezer.oneWireId, -21);
    // Without the bulk path the driver would read w1_slave; make that file disagree to tell them apart.
    fs.writeFileSync(path.join(bus.root, fridge.oneWireId, 'w1_slave'), 'stale');
    const probes = new OneWireThermometers({ path: bus.root, probes: [fridge, freezer], logger });

    expect(await probes.read()).toEqual([
      { probeId: 'fridge', celsius: 2.125, status: 'ok' },
      { probeId: 'freezer', celsius: -21, status: 'ok' },
    ]);
    expect(bus.bulkReadRequest()).toBe('trigger');
  });

  it('reports an empty temperature file after a bulk conversion as a fault', async () => {
    const bus = new SimulatedOneWireBus(busDir(), { bulkRead: true, temperatureFile: true });
    bus.setFault(fridge.oneWireId, 'crc');
    const probes = new OneWireThermometers({ path: bus.root, probes: [fridge], logger });

    expect(await probes.read()).toEqual([{ probeId: 'fridge', celsius: null, status: 'fault' }]);
  });

  it('reads without blocking the event loop and shares one bus round between concurrent callers', async () => {
    const bus = new SimulatedOneWireBus(busDir());
    const many = Array.from({ length: 12 }, (_, i) => ({
      id: `probe-${i}`,
      oneWireId: `28-${i.toString(16).padStart(12, '0')}`,
    }));
    for (const [i, probe] of many.entries()) bus.setProbe(probe.oneWireId, i);
    const probes = new OneWireThermometers({ path: bus.root, probes: many, logger });

    let ticked = false;
    setImmediate(() => {
      ticked = true;
    });
    const first = probes.read();
    const second = probes.read();
    expect(second).toBe(first);
    const readings = await first;
    expect(ticked).toBe(true);
    expect(readings.map((r) => r.celsius)).toEqual(many.map((_, i) => i));
  });
});
