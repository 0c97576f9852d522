import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@regiobox/edge';
import { createHardware } from '@regiobox/edge/hardware';
import { SimClock, simulatedRigFor, until } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { putGoods, takeGoods, visitWithCode } from '../actors/at-the-station.js';
import { shapeConfig } from './shapes.js';
import { SimulatedStation } from './simulated-station.js';

const silent = pino({ level: 'silent' });
const dirs: string[] = [];
const stations: SimulatedStation[] = [];

afterEach(async () => {
  for (const s of stations.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-simstation-'));
  dirs.push(dir);
  return dir;
};

// No broker listens on port 9: the station keeps working offline and retries the link.
const OFFLINE_MQTT = { url: 'mqtt://127.0.0.1:9', username: 'x' };

const start = async (shape: 'cold-box' | 'mixed-wall-12', speed: number) => {
  const config = parseConfig(
    shapeConfig(shape, { stationId: `sim-${shape}`, dataDir: tempDir(), mqtt: OFFLINE_MQTT }),
  );
  const clock = new SimClock({ speed, start: '2026-06-01T10:00:00Z' });
  const site = await SimulatedStation.start({ config, clock, logger: silent, kiosk: true });
  stations.push(site);
  return site;
};

describe('SimulatedStation', () => {
  it('a producer loads and a customer collects through the kiosk; each door opens once, on a pulse', async () => {
    const site = await start('mixed-wall-12', 1);
    await until(() => site.station.hardware.health().reachable, 10_000, 'the board to be reachable');
    expect(site.station.hardware.driver).toBe('simulated');
    const reserved = await site.station.service.reserve({
      orderId: 'o-1',
      parcels: [{ parcelId: 'p-1', producer: 'Hof Lehmann', zone: 'frozen', size: 'M' }],
    });
    const parcel = reserved.parcels[0];
    if (!parcel) throw new Error('no parcel reserved');

    const load = await visitWithCode(site, site.clock, parcel.loadingCode, 'keypad', {
      holdMs: 300,
      inside: (c) => putGoods(site, c, { id: 'p-1', massKg: 2, celsius: -15 }),
    });
    expect(load).toMatchObject({ kind: 'answered', outcome: { ok: true, purpose: 'loading' }, stuck: [] });
    await until(
      () => site.station.service.snapshot().find((c) => c.no === parcel.compartment)?.state === 'loaded',
      10_000,
      'the compartment to be loaded',
    );

    const wrong = await visitWithCode(site, site.clock, '0000000000', 'keypad', { holdMs: 0 });
    expect(wrong).toMatchObject({
      kind: 'answered',
      outcome: { ok: false, reason: 'WRONG_CODE' },
      opened: [],
    });

    const pickup = await visitWithCode(site, site.clock, reserved.qrToken, 'scanner', {
      holdMs: 300,
      inside: (c) => takeGoods(site, c, 'p-1'),
    });
    expect(pickup).toMatchObject({ kind: 'answered', outcome: { ok: true, purpose: 'pickup' } });
    await until(
      () => site.station.service.snapshot().find((c) => c.no === parcel.compartment)?.state === 'free',
      10_000,
      'the compartment to be free again',
    );
    const channel = parcel.compartment - 1;
    expect(site.rig.board.pulses().map((p) => p.channel)).toEqual([channel, channel]);
    expect(site.rig.board.doorChanges().map((d) => [d.input, d.open, d.cause])).toEqual([
      [channel, true, 'unlocked'],
      [channel, false, 'closed'],
      [channel, true, 'unlocked'],
      [channel, false, 'closed'],
    ]);
  });

  it("the station's probes read the thermal model: a failed cooling unit warms the box", async () => {
    // 600× real time: ten simulated minutes pass in one real second
    const site = await start('cold-box', 600);
    await until(() => site.station.monitor.readings().length === 1, 10_000, 'a first sample');
    const first = site.station.monitor.readings()[0];
    expect(first?.probeId).toBe('box-air');
    expect(first?.celsius).toBeGreaterThan(1);
    expect(first?.celsius).toBeLessThan(7);

    site.rig.thermal.setCoolingCapacity(1, 0);
    await until(
      () => (site.station.monitor.readings()[0]?.celsius ?? 0) > 9,
      20_000,
      'the probe to read above 9 °C',
    );
    expect(site.rig.thermal.airCelsius(1)).toBeGreaterThan(9);
  });

  it('the world keeps turning while the station is down, and a restarted station finds its board again', async () => {
    const site = await start('cold-box', 1);
    await until(() => site.station.hardware.health().reachable, 10_000, 'the board');
    await site.halt();
    expect(site.terminal()).toBeNull();
    site.rig.board.forceDoor(0);
    await site.boot();
    await until(
      () => site.station.service.snapshot()[0]?.doorOpen === true,
      10_000,
      'the restarted station to see the forced door',
    );
  });
});

describe('createSimulatedHardware (hardware.driver: simulated on its own)', () => {
  it("runs edge's board driver against a simulated board with the configured probes", async () => {
    const hardware = await createHardware(
      { driver: 'simulated', occupancySensors: false },
      [
        { id: 'a', boardIndex: 0 },
        { id: 'b', boardIndex: 1 },
      ],
      { logger: silent },
    );
    try {
      await hardware.start();
      expect(hardware.driver).toBe('simulated');
      expect(hardware.health()).toMatchObject({ reachable: true, occupancySensors: false });
      const readings = await hardware.thermometers.read();
      expect(readings.map((r) => [r.probeId, r.status])).toEqual([
        ['a', 'ok'],
        ['b', 'ok'],
      ]);
      expect(readings[0]?.celsius).toBeCloseTo(4, 0);
    } finally {
      await hardware.stop();
    }
  });

  it('uses the rig prepared for the config, so the caller works the same board', async () => {
    const config = parseConfig(
      shapeConfig('cold-box', { stationId: 'rigged', dataDir: tempDir(), mqtt: OFFLINE_MQTT }),
    );
    const site = await SimulatedStation.start({ config, logger: silent });
    stations.push(site);
    expect(simulatedRigFor(config.hardware)).toBe(site.rig);
    await until(() => site.station.hardware.health().reachable, 10_000, 'the board');
    site.rig.board.forceDoor(0);
    await until(() => site.station.service.snapshot()[0]?.doorOpen === true, 10_000, 'the forced door');
  });
});
