/**
 * Renders the kiosk screenshots in docs/screenshots from a real station (SQLite, station service,
 * simulated hardware) and Debian Chromium:
 *   npx tsx --conditions=regiobox-source edge/src/kiosk/testing/screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KIOSK_VIEWPORT, launchChromium } from './browser.js';
import { loadParcel, reserveOrder, startKioskStation } from './kiosk-station.js';

const outDir = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../docs/screenshots');

const main = async (): Promise<void> => {
  mkdirSync(outDir, { recursive: true });
  const station = await startKioskStation();
  const browser = await launchChromium();
  try {
    const reserved = await reserveOrder(station, 'order-4711', [
      { parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' },
      { parcelId: 'bread', producer: 'Bäckerei Kruse', zone: 'ambient' },
    ]);
    const milk = reserved.parcels.find((p) => p.parcelId === 'milk');
    if (!milk) throw new Error('milk not reserved');
    await loadParcel(station, milk.loadingCode, milk.compartment);

    const page = await browser.newPage({ viewport: KIOSK_VIEWPORT, hasTouch: true });
    await page.goto(station.kiosk.url);
    await page.locator('#station-name', { hasText: 'Dorfladen' }).waitFor();
    const shot = async (name: string) => {
      const file = path.join(outDir, name);
      await page.screenshot({ path: file });
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    };

    // clicks, not taps: headless Chromium keeps a tapped key :active, which would look pressed
    for (const digit of reserved.pickupPin.slice(0, 6))
      await page.getByRole('button', { name: `Ziffer ${digit}` }).click();
    await page.mouse.move(0, 0);
    await shot('kiosk-pinpad.png');

    for (const digit of reserved.pickupPin.slice(6))
      await page.getByRole('button', { name: `Ziffer ${digit}` }).tap();
    await page.getByRole('button', { name: 'Code bestätigen' }).tap();
    await page.locator('#result-screen h1', { hasText: 'ist offen' }).waitFor();
    station.hardware.pullDoor(station.channelOf(milk.compartment));
    await shot('kiosk-opened.png');

    station.hardware.setOccupied(station.channelOf(milk.compartment), false);
    station.hardware.closeDoor(station.channelOf(milk.compartment));
    await page.getByRole('button', { name: 'Fertig' }).tap();
    station.hardware.setReachable(false);
    await page.locator('#out-of-order-screen').waitFor({ state: 'visible' });
    await shot('kiosk-out-of-order.png');
  } finally {
    await browser.close();
    await station.close();
  }
};

await main();
