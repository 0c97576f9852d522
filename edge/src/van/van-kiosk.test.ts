import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { type Station, startStation } from '../station.js';

const HOUR = 3_600_000;

/** The driver at the van's screen, GPS lost (no gpsd): confirms the stop with the driver's code. */
describe("the van's screen", () => {
  let dir: string | undefined;
  let station: Station | undefined;
  afterEach(async () => {
    await station?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the next stop and lost GPS, and takes the driver’s stop confirmation only with the driver code', async () => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-van-kiosk-'));
    writeFileSync(join(dir, 'driver-code'), '580214\n');
    station = await startStation(
      parseConfig({
        stationId: 'verkaufswagen-2',
        kind: 'van',
        dataDir: join(dir, 'data'),
        compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: [] }],
        hardware: { driver: 'simulated' },
        mqtt: { url: 'mqtt://127.0.0.1:9' },
        kiosk: { host: '127.0.0.1', port: 0 },
        van: { gpsd: null, driverCodeFile: join(dir, 'driver-code') },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    const now = Date.now();
    station.van?.setTour({
      tourId: 'tour-9',
      stops: [
        {
          stopId: 'burg',
          place: { name: 'Burg, Festplatz', lat: 51.8413, lon: 14.1503, radius: 200 },
          window: { from: new Date(now).toISOString(), to: new Date(now + HOUR).toISOString() },
          orderIds: ['order-1'],
        },
      ],
    });
    const url = station.kiosk?.url ?? '';
    const status = async () =>
      ((await (await fetch(new URL('/api/status', url))).json()) as { van: Record<string, unknown> }).van;
    const confirm = (body: unknown) =>
      fetch(new URL('/api/van/confirm-stop', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect(await status()).toMatchObject({
      gps: 'lost',
      here: null,
      next: { stopId: 'burg', name: 'Burg, Festplatz' },
    });
    const wrong = await confirm({ stopId: 'burg', driverCode: '000000' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: 'WRONG_DRIVER_CODE' });
    expect((await confirm({ stopId: 'nowhere', driverCode: '580214' })).status).toBe(404);
    expect(await status()).toMatchObject({ here: null });

    const ok = await confirm({ stopId: 'burg', driverCode: '580214' });
    expect(ok.status).toBe(200);
    expect(await status()).toMatchObject({ here: { stopId: 'burg', how: 'manual' }, next: null });
  });
});
