import type { ColdChainRecord } from '@regiobox/contract';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_VIEWPORT, launchChromium } from './testing/browser.js';
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
  context = await browser.newContext({ viewport: KIOSK_VIEWPORT, hasTouch: true });
  page = await context.newPage();
  await page.goto(station.kiosk.url);
  await eventually(() => page.locator('#station-name').textContent()).toContain('Dorfladen Lübben');
});
afterEach(async () => {
  await context?.close();
  await station?.close();
});

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person at the screen reads
const resultText = () => page.locator('#result-screen').innerText();

const typeCode = async (code: string) => {
  await page.keyboard.type(code, { delay: 120 });
  await page.keyboard.press('Enter');
};

const breach: ColdChainRecord = {
  compartment: 6,
  zone: 'chilled',
  from: '2026-03-02T08:00:00.000Z',
  to: '2026-03-02T10:00:00.000Z',
  samples: 720,
  minCelsius: 3.1,
  maxCelsius: 11.4,
  minutesAboveLimit: 48,
  limitCelsius: 7,
  breached: true,
};

describe('a PIN whose goods cannot be collected yet', () => {
  it('a PIN for a held parcel says the goods are being checked and the code stays valid, not "already collected"', async () => {
    const reserved = await reserveOrder(station, 'order-1', [
      { parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' },
    ]);
    const milk = reserved.parcels[0];
    if (!milk) throw new Error('nothing reserved');
    await loadParcel(station, milk.loadingCode, milk.compartment);
    await station.fixture.station.holdParcel({
      orderId: 'order-1',
      parcelId: 'milk',
      reason: 'above 7 °C for 48 min',
      coldChain: { ...breach, compartment: milk.compartment },
    });
    const pulsesBefore = station.hardware.pulses.length;

    await typeCode(reserved.pickupPin);

    await eventually(() => page.locator('#result-screen h1').textContent()).toBe(
      'Ihre Ware ist noch nicht abholbereit.',
    );
    const screen = await resultText();
    expect(screen).toContain(
      'Die Ware von Hof Müller wird gerade geprüft und kann noch nicht abgeholt werden.',
    );
    expect(screen).toContain('Ihr Code bleibt gültig.');
    expect(screen).toContain('03546 12 34 56');
    expect(screen).not.toContain('schon abgeholt');
    expect(station.hardware.pulses.length).toBe(pulsesBefore);
  });

  it('a PIN for goods not loaded yet says they have not been delivered, in English too', async () => {
    const reserved = await reserveOrder(station, 'order-1', [
      { parcelId: 'bread', producer: 'Bäckerei Kruse', zone: 'ambient' },
    ]);
    await page.getByRole('button', { name: 'Change language: English' }).click();

    await typeCode(reserved.pickupPin);

    await eventually(() => page.locator('#result-screen h1').textContent()).toBe(
      'Your goods are not ready for collection yet.',
    );
    const screen = await resultText();
    expect(screen).toContain('The goods from Bäckerei Kruse have not been delivered yet.');
    expect(screen).toContain('Your code stays valid.');
    expect(screen).not.toContain('already collected');
  });
});
