import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { type Station, startStation } from '../station.js';

/** A customer reads the station's name and the service number on its screen, not its technical id. */
describe('the kiosk of a started station', () => {
  let dir: string | undefined;
  let station: Station | undefined;
  afterEach(async () => {
    await station?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows kiosk.displayName and kiosk.servicePhone from the config, not the station id', async () => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-kiosk-name-'));
    const config = parseConfig({
      stationId: 'hofladen-kruger-2',
      dataDir: dir,
      compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: [] }],
      hardware: { driver: 'simulated' },
      // no broker: the kiosk works offline
      mqtt: { url: 'mqtt://127.0.0.1:9' },
      kiosk: { host: '127.0.0.1', port: 0, displayName: 'Hofladen Krüger', servicePhone: '+49 3546 12345' },
    });
    station = await startStation(config, { logger: pino({ level: 'silent' }) });
    const url = station.kiosk?.url;
    expect(url).toBeDefined();
    const response = await fetch(new URL('/api/status', url));
    const status = (await response.json()) as {
      station: { id: string; name: string };
      contact: string | null;
    };
    expect(status.station).toEqual({ id: 'hofladen-kruger-2', name: 'Hofladen Krüger' });
    expect(status.contact).toBe('+49 3546 12345');
  });
});
