import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_VIEWPORT, launchChromium } from './testing/browser.js';
import { postCode } from './testing/http.js';
import { type KioskStation, loadParcel, reserveOrder, startKioskStation } from './testing/kiosk-station.js';

let browser: Browser;
let context: BrowserContext | undefined;
let page: Page;
let station: KioskStation | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  await station?.close();
});

const open = async (options: { maskPin?: boolean } = {}) => {
  station = await startKioskStation(options);
  context = await browser.newContext({ viewport: KIOSK_VIEWPORT });
  page = await context.newPage();
  await page.goto(station.kiosk.url);
  await eventually(() => page.locator('#station-name').textContent()).toContain('Dorfladen Lübben');
  return station;
};

const eventually = <T>(read: () => T | Promise<T>, timeout = 10_000) =>
  expect.poll(read, { timeout, interval: 50 });
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person at the screen reads
const text = (selector: string) => page.locator(selector).innerText();

const lockOut = async (s: KioskStation) => {
  for (let i = 0; i < 4; i++) await postCode(s.kiosk.url, { code: `99999999${i}0`, source: 'keypad' });
  await page.keyboard.type('9999999950', { delay: 120 });
  await page.keyboard.press('Enter');
  await eventually(() => text('#pad-message')).toContain('Zu viele falsche Eingaben.');
};

describe('the keypad for keyboard users, onlookers and locked-out customers', () => {
  it('Tab reaches the keypad, and Enter presses the focused key', async () => {
    await open();
    let focused = '';
    for (let i = 0; i < 6 && !focused.startsWith('Ziffer'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement?.getAttribute("aria-label") ?? ""');
    }
    expect(focused).toBe('Ziffer 1');

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await eventually(() => text('#entry')).toBe('12');
  });

  it('with kiosk.maskPin the typed digits show as dots', async () => {
    await open({ maskPin: true });
    await page.keyboard.type('4711', { delay: 150 });
    await eventually(() => text('#entry')).toBe('••••');
  });

  it('a locked-out keypad says a QR code still works, and a scanned QR code opens the compartment', async () => {
    const s = await open();
    const reserved = await reserveOrder(s, 'order-1', [
      { parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' },
    ]);
    const milk = reserved.parcels[0];
    if (!milk) throw new Error('nothing reserved');
    await loadParcel(s, milk.loadingCode, milk.compartment);
    await lockOut(s);
    expect(await text('#pad-message')).toContain('Einen QR-Code können Sie trotzdem scannen.');

    await page.keyboard.type(reserved.qrToken);
    await page.keyboard.press('Enter');

    await eventually(() => page.locator('#result-screen h1').textContent()).toBe(
      `Fach ${milk.compartment} ist offen`,
    );
  });

  it('the "wrong code" message goes when the lockout ends', async () => {
    const s = await open();
    await lockOut(s);

    await eventually(() => text('#pad-message'), 30_000).toBe('');
    expect(await page.getByRole('button', { name: 'Ziffer 5' }).isDisabled()).toBe(false);
  });
});
