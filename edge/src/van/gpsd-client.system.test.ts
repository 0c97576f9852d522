import { Gpsfake, tourTrack } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../link/testing/until.js';
import { GpsdClient } from './gpsd-client.js';

describe('the gpsd client against a real gpsd fed by gpsfake', () => {
  let fake: Gpsfake | undefined;
  let client: GpsdClient | undefined;
  afterEach(async () => {
    await client?.stop();
    await fake?.stop();
  });

  it("follows the van from one village to the next, each fix stamped with the station's clock", async () => {
    const luebben = { lat: 51.9416, lon: 13.8925 };
    const straupitz = { lat: 51.9128, lon: 13.9462 };
    fake = await Gpsfake.start({
      sentences: tourTrack([luebben, straupitz], {
        dwellEpochs: [10, 200],
        driveEpochs: 10,
        start: new Date('2026-03-02T08:00:00Z'),
      }),
      cycleSeconds: 0.05,
      timeoutSeconds: 60,
    });
    const stamped = new Date('2030-01-01T00:00:00Z');
    client = new GpsdClient({
      host: '127.0.0.1',
      port: fake.port,
      logger: pino({ level: 'silent' }),
      now: () => stamped,
      random: () => 0.5,
    });
    const fixes: { lat: number; lon: number }[] = [];
    client.onFix((f) => fixes.push(f));
    client.start();
    await until(
      'a fix at Straupitz',
      () =>
        fixes.some((f) => Math.abs(f.lat - straupitz.lat) < 1e-5 && Math.abs(f.lon - straupitz.lon) < 1e-5),
      30_000,
    );
    expect(client.latest()?.at).toEqual(stamped);
    // on the road between: positions strictly between the two villages
    expect(fixes.some((f) => f.lat < luebben.lat - 1e-3 && f.lat > straupitz.lat + 1e-3)).toBe(true);
  });
});
