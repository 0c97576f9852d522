import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from './testing/axe.js';
import { KIOSK_VIEWPORT, launchChromium } from './testing/browser.js';
import { postCode } from './testing/http.js';
import { type KioskStation, loadParcel, reserveOrder, startKioskStation } from './testing/kiosk-station.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let station: KioskStation;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  station = await startKioskStation();
  // the page's CSP allows its own scripts only; axe is injected by the test, not served by the station
  context = await browser.newContext({ viewport: KIOSK_VIEWPORT, hasTouch: true, bypassCSP: true });
  page = await context.newPage();
  await page.goto(station.kiosk.url);
  await eventually(() => page.locator('#station-name').textContent()).toContain('Dorfladen Lübben');
});
afterEach(async () => {
  await context?.close();
  await station?.close();
});

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe('the kiosk for people with assistive technology (axe-core in Chromium)', () => {
  it('the PIN pad, and the pad locked after wrong codes, have no serious or critical violation', async () => {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    for (let i = 0; i < 4; i++)
      await postCode(station.kiosk.url, { code: `99999999${i}0`, source: 'keypad' });
    await page.keyboard.type('9999999950', { delay: 120 });
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#pad-message').textContent()).toContain(
      'Zu viele falsche Eingaben.',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('an opened compartment and the out-of-order screen have no serious or critical violation', async () => {
    const reserved = await reserveOrder(station, 'order-1', [
      { parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' },
      { parcelId: 'bread', producer: 'Bäckerei Kruse', zone: 'ambient' },
    ]);
    const milk = reserved.parcels[0];
    if (!milk) throw new Error('nothing reserved');
    await loadParcel(station, milk.loadingCode, milk.compartment);
    await page.keyboard.type(reserved.pickupPin, { delay: 120 });
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#result-screen h1').textContent()).toContain('ist offen');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    station.hardware.setReachable(false);
    await eventually(() => page.locator('#out-of-order-screen').isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
