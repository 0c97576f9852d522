import { seededRandom } from '@regiobox/simulated-devices';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestMarketplace } from '../link/testing/marketplace.js';
import { TestBroker } from '../link/testing/test-broker.js';
import { until } from '../link/testing/until.js';
import { FaultRig, STATION } from './testing/fault-rig.js';
import { bodies, latestStatus } from './testing/market-view.js';

const MIB = 1024 * 1024;
const SEED = 1515;

/** 1 MiB of line noise, reproducible from the seed. */
const randomBytes = (n: number, seed: number): Buffer => {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
};

describe('fault: random bytes on the board’s serial line', () => {
  let broker: TestBroker;
  let market: TestMarketplace;
  let rig: FaultRig;

  beforeEach(async () => {
    broker = await TestBroker.start();
    market = await TestMarketplace.connect(broker.url, STATION);
    // a short window, so that the line counts as quiet again within the test
    rig = new FaultRig({
      brokerUrl: broker.url,
      alarmSettings: { serialLineWindowSeconds: 3 },
      telemetryIntervalSeconds: 5,
    });
    await rig.plugBoard();
  });
  afterEach(async () => {
    await rig.close();
    await market.close();
    await broker.close();
  });

  it(`reports 1 MiB of noise: counted in the status and telemetry, serial_line_noisy raised once and cleared once (seed ${SEED})`, async () => {
    const station = await rig.start();
    await until('online, board ok', () => latestStatus([market])?.health?.board === 'ok');
    expect(latestStatus([market])?.health?.serialLine).toMatchObject({ framesDamaged: 0, garbageBytes: 0 });

    await rig.noiseOnLine(randomBytes(MIB, SEED));

    const raised = await until('serial_line_noisy raised', () =>
      bodies(market.events, 'alarm.raised').find((a) => a.kind === 'serial_line_noisy'),
    );
    expect(raised).toMatchObject({ severity: 'warning', compartment: null });
    expect(raised.detail).toMatch(/\d+ damaged frames \(\d+ bytes of garbage/);
    const degraded = await until('a birth saying the board is degraded', () => {
      const s = latestStatus([market]);
      return s?.health?.board === 'degraded' ? s : undefined;
    });
    expect(degraded.health?.serialLine?.framesDamaged).toBeGreaterThanOrEqual(10);

    // the line is quiet again: the alarm clears after a window without damage, and the board is ok
    await until('serial_line_noisy cleared', () =>
      bodies(market.events, 'alarm.cleared').some((a) => a.kind === 'serial_line_noisy'),
    );
    const ok = await until('a birth saying the board is ok', () => {
      const s = latestStatus([market]);
      return s?.health?.board === 'ok' ? s : undefined;
    });
    // nearly every noise byte is thrown away and counted (the 0x00 delimiters among them are not)
    expect(ok.health?.serialLine?.garbageBytes).toBeGreaterThan(0.95 * MIB);
    expect(ok.health?.serialLine?.framesDamaged).toBeGreaterThan(1_000);
    await until(
      'telemetry with the noise counted',
      () => market.telemetry.reduce((sum, t) => sum + (t.serialLine?.garbageBytes ?? 0), 0) > 0.95 * MIB,
      15_000,
    );
    expect(station.hardware.health()).toMatchObject({ reachable: true });
    expect(bodies(market.events, 'alarm.raised').filter((a) => a.kind === 'serial_line_noisy')).toHaveLength(
      1,
    );
    expect(bodies(market.events, 'alarm.cleared').filter((a) => a.kind === 'serial_line_noisy')).toHaveLength(
      1,
    );
  });
});
