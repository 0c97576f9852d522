import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './testing/browser.js';
import { postCode } from './testing/http.js';
import { type KioskStation, loadParcel, reserveOrder, startKioskStation } from './testing/kiosk-station.js';
import { whereCutOff } from './testing/visibility.js';

/** The smallest display a station is sold with: a 7" panel. */
const SMALL = { width: 800, height: 480 } as const;
const screenshots = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../docs/screenshots');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let station: KioskStation;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  station = await startKioskStation();
  context = await browser.newContext({ viewport: SMALL, hasTouch: true });
  page = await context.newPage();
  await page.goto(station.kiosk.url);
  await eventually(() => page.locator('#station-name').textContent()).toContain('Dorfladen Lübben');
});
afterEach(async () => {
  await context?.close();
  await station?.close();
});

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/**
 * Two red notice bars, as a station really raises them: one PIN unlocks two compartments, nobody
 * opens either door, and the station locks both again and says so.
 */
const twoNoticeBars = async () => {
  const reserved = await reserveOrder(station, 'order-9', [
    { parcelId: 'cheese', producer: 'Hof Müller', zone: 'chilled' },
    { parcelId: 'honey', producer: 'Imkerei Lehmann', zone: 'ambient' },
  ]);
  for (const p of reserved.parcels) await loadParcel(station, p.loadingCode, p.compartment);
  const outcome = await station.fixture.station.submitCode(reserved.pickupPin, 'keypad');
  if (!outcome.ok) throw new Error(`pickup refused: ${outcome.reason}`);
  for (const p of reserved.parcels) station.hardware.relatch(station.channelOf(p.compartment));
  station.fixture.clock.advance((station.fixture.config.doors.openTimeoutSeconds + 1) * 1000);
  station.fixture.station.sweepUnlocks();
  await eventually(() => page.locator('#notices .notice').count()).toBe(2);
};

const cutOff = async (selectors: readonly string[]) => {
  const found: Record<string, string> = {};
  for (const selector of selectors) {
    const locators = await page.locator(selector).all();
    if (locators.length === 0) found[selector] = 'missing';
    for (const [i, locator] of locators.entries()) {
      const where = await whereCutOff(locator);
      if (where) found[`${selector}[${i}]`] = where;
    }
  }
  return found;
};

describe('the kiosk on an 800×480 display with two notice bars', () => {
  it('every keypad key, the OK key and the lockout countdown stay fully visible', async () => {
    await twoNoticeBars();
    for (let i = 0; i < 4; i++)
      await postCode(station.kiosk.url, { code: `99999999${i}0`, source: 'keypad' });
    await page.keyboard.type('9999999950', { delay: 120 });
    await page.keyboard.press('Enter');
    await eventually(async () => page.locator('#pad-message').textContent()).toMatch(
      /Bitte warten Sie \d+ Sekunden/,
    );

    expect(await page.locator('#keypad .key').count()).toBe(12);
    expect(await cutOff(['#keypad .key', '#keypad .key-ok', '#pad-message', '#notices .notice'])).toEqual({});
    await page.screenshot({ path: path.join(screenshots, 'kiosk-800x480-lockout.png') });
  });

  it("the producer's instruction and the Done button stay fully visible", async () => {
    await twoNoticeBars();
    const reserved = await reserveOrder(station, 'order-10', [
      { parcelId: 'bread', producer: 'Bäckerei Kruse', zone: 'frozen' },
    ]);
    const parcel = reserved.parcels[0];
    if (!parcel) throw new Error('nothing reserved');
    await page.keyboard.type(parcel.loadingCode, { delay: 120 });
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#result-screen h1').textContent()).toBe(
      `Fach ${parcel.compartment} ist offen`,
    );
    expect(await page.locator('#notices .notice').count()).toBe(2);

    const instruction = page.locator('#result-screen p', { hasText: 'Erst mit dem Schließen' });
    expect(
      await cutOff(['#result-screen h1', '#result-screen .compartment-card', '#notices .notice']),
    ).toEqual({});
    expect(await whereCutOff(instruction)).toBeNull();
    expect(await whereCutOff(page.getByRole('button', { name: 'Fertig' }))).toBeNull();
    await page.screenshot({ path: path.join(screenshots, 'kiosk-800x480-loading.png') });
  });
});
