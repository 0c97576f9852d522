import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from './config/index.js';
import { StartupError, type Station, startStation } from './station.js';

/**
 * A power cut before the kernel wrote the key's data leaves a directory entry with no bytes behind it:
 * the key file is there and empty. That is what these tests leave behind before the next start.
 */
describe('a power cut at first boot, with the station key unsynced', () => {
  let dir: string;
  let station: Station | undefined;
  const keyFile = () => join(dir, 'station.key');
  const config = () =>
    parseConfig({
      stationId: 'bushaltestelle-2',
      dataDir: dir,
      compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: [] }],
      hardware: { driver: 'simulated' },
      // no broker: the first boot is offline, as at a new bus stop
      mqtt: { url: 'mqtt://127.0.0.1:9' },
    });
  const start = () => startStation(config(), { logger: pino({ level: 'silent' }), kiosk: false });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-first-boot-'));
  });
  afterEach(async () => {
    await station?.stop();
    station = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not brick a new station: it starts with a new key, since no code was issued under the lost one', async () => {
    await (await start()).stop();
    truncateSync(keyFile(), 0);
    station = await start();
    expect(readFileSync(keyFile(), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    const reserved = await station.service.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', size: 'M' }],
    });
    const opened = await station.service.submitCode(reserved.parcels[0]?.loadingCode ?? '', 'keypad');
    expect(opened).toMatchObject({ ok: true, compartments: [{ no: 1 }] });
  });

  it('never makes a silent new key once codes are out: it refuses to start, names the file and says what to do', async () => {
    station = await start();
    const reserved = await station.service.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', size: 'M' }],
    });
    await station.stop();
    station = undefined;
    copyFileSync(keyFile(), join(dir, 'station.key.backup'));
    truncateSync(keyFile(), 0);

    // 3 codes: the PIN, the QR token and the loading code
    const refused = await start().then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(StartupError);
    expect(refused).toMatchObject({
      code: 'STATION_KEY_DAMAGED',
      message: expect.stringContaining(`station key ${keyFile()} is empty, and 3 active codes`),
    });
    expect(readFileSync(keyFile(), 'utf8')).toBe('');

    // the operator restores the key from the backup, as the message says: the issued codes work again
    copyFileSync(join(dir, 'station.key.backup'), keyFile());
    station = await start();
    const opened = await station.service.submitCode(reserved.parcels[0]?.loadingCode ?? '', 'keypad');
    expect(opened).toMatchObject({ ok: true, compartments: [{ no: 1 }] });
  });
});
