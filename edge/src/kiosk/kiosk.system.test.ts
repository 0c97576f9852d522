import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_VIEWPORT, launchChromium } from './testing/browser.js';
import { postCode } from './testing/http.js';
import {
  type KioskStation,
  loadParcel,
  reserveOrder,
  snapshotOf,
  startKioskStation,
  until,
} from './testing/kiosk-station.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let station: KioskStation;
/** what the page sent to POST /api/code, in order */
let sent: { code: string; source: string }[];

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
  sent = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/code'))
      sent.push(request.postDataJSON() as { code: string; source: string });
  });
  await page.goto(station.kiosk.url);
  await eventually(() => page.locator('#station-name').textContent()).toBe('Abholstation Dorfladen Lübben');
});

afterEach(async () => {
  await context?.close();
  await station?.close();
});

const orderWith = async (
  parcels: { parcelId: string; producer: string; zone: 'ambient' | 'chilled' | 'frozen' }[],
  load: readonly string[] = parcels.map((p) => p.parcelId),
) => {
  const reserved = await reserveOrder(station, 'order-1', parcels);
  for (const p of reserved.parcels.filter((x) => load.includes(x.parcelId)))
    await loadParcel(station, p.loadingCode, p.compartment);
  return reserved;
};

const tapCode = async (code: string) => {
  for (const digit of code) await page.getByRole('button', { name: `Ziffer ${digit}` }).tap();
  await page.getByRole('button', { name: 'Code bestätigen' }).tap();
};

/** A USB keypad: a person presses one key after another. */
const typeSlowly = async (code: string) => {
  await page.keyboard.type(code, { delay: 120 });
  await page.keyboard.press('Enter');
};

/** The machine is shared and loaded: page changes get a generous deadline. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

const resultTitle = () => page.locator('#result-screen h1');
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person at the screen reads
const text = (selector: string) => page.locator(selector).innerText();

describe('kiosk in a browser', () => {
  it('a customer taps the PIN on the pad, sees which compartment opened and where, and that door opens', async () => {
    const reserved = await orderWith([{ parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' }]);
    const no = reserved.parcels[0]?.compartment ?? -1;
    const channel = station.channelOf(no);
    const pulsesBefore = station.hardware.pulses.length;

    await tapCode(reserved.pickupPin);

    await eventually(() => resultTitle().textContent()).toBe(`Fach ${no} ist offen`);
    expect(await text('#result-screen')).toContain('obere Reihe, 2. von links');
    expect(sent).toEqual([{ code: reserved.pickupPin, source: 'keypad' }]);
    expect(station.hardware.pulses.slice(pulsesBefore).map((p) => p.channel)).toEqual([channel]);
    expect(station.hardware.pullDoor(channel)).toBe(true);

    station.hardware.setOccupied(channel, false);
    station.hardware.closeDoor(channel);
    await eventually(() => text('#result-screen')).toContain('Danke! Die Tür ist geschlossen.');
  });

  it('a wrong code typed on a USB keypad shows how many tries are left', async () => {
    await orderWith([{ parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' }]);
    const pulsesBefore = station.hardware.pulses.length;

    await typeSlowly('1234567890');

    await eventually(() => text('#pad-message')).toContain('Dieser Code stimmt nicht.');
    expect(await text('#pad-message')).toContain('Sie haben noch 4 Versuche.');
    expect(sent).toEqual([{ code: '1234567890', source: 'keypad' }]);
    expect(station.hardware.pulses.length).toBe(pulsesBefore);

    await typeSlowly('1234567891');
    await eventually(() => text('#pad-message')).toContain('Sie haben noch 3 Versuche.');
  });

  it('after too many wrong codes the pad is locked with a countdown', async () => {
    for (let i = 0; i < 4; i++)
      await postCode(station.kiosk.url, { code: `99999999${i}0`, source: 'keypad' });

    await typeSlowly('9999999950');

    await eventually(() => text('#pad-message')).toContain('Zu viele falsche Eingaben.');
    expect(await text('#pad-message')).toMatch(/Bitte warten Sie \d+ Sekunden/);
    expect(await page.getByRole('button', { name: 'Ziffer 5' }).isDisabled()).toBe(true);
  });

  it('a USB scanner typing the QR token opens the compartment, and the token is not shown', async () => {
    const reserved = await orderWith([{ parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' }]);
    const no = reserved.parcels[0]?.compartment ?? -1;

    // a scanner types a few milliseconds per character, then Enter
    await page.keyboard.type(reserved.qrToken);
    expect(await text('#entry')).not.toContain(reserved.qrToken.slice(0, 12));
    await page.keyboard.press('Enter');

    await eventually(() => sent).toEqual([{ code: reserved.qrToken, source: 'scanner' }]);
    await eventually(() => resultTitle().textContent()).toBe(`Fach ${no} ist offen`);
    expect(station.hardware.isUnlatched(station.channelOf(no))).toBe(true);
  });

  it('digits typed before a scan do not spoil the scanned token', async () => {
    const reserved = await orderWith([{ parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' }]);

    await page.keyboard.type('12', { delay: 150 });
    // the customer gives up typing and reaches for the phone: a second passes before the scan
    await page.waitForTimeout(1000);
    await page.keyboard.type(reserved.qrToken);
    await page.keyboard.press('Enter');

    await eventually(() => sent).toEqual([{ code: reserved.qrToken, source: 'scanner' }]);
    await eventually(() => resultTitle().textContent()).toContain('ist offen');
  });

  it('switching to English changes the texts, including the answers', async () => {
    await page.getByRole('button', { name: 'Change language: English' }).click();

    await eventually(() => text('#prompt')).toBe('Please enter your code.');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await text('#language')).toBe('Deutsch');
    expect(await text('#station-name')).toBe('Pickup station Dorfladen Lübben');
    expect(await page.getByRole('button', { name: 'Digit 7' }).isVisible()).toBe(true);

    await typeSlowly('1234567890');
    await eventually(() => text('#pad-message')).toContain('This code is not correct.');
    expect(await text('#pad-message')).toContain('You have 4 tries left.');
  });

  it('shows the out-of-order screen while the board is unreachable, and the pad again when it is back', async () => {
    station.hardware.setReachable(false);

    await eventually(() => page.locator('#out-of-order-screen').isVisible()).toBe(true);
    const screen = await text('#out-of-order-screen');
    expect(screen).toContain('Diese Station ist gerade außer Betrieb.');
    expect(screen).toContain('Die Türen lassen sich im Moment nicht öffnen.');
    expect(screen).toContain('Ihr Code bleibt gültig.');
    expect(screen).toContain('03546 12 34 56');
    expect(await page.locator('#keypad').isVisible()).toBe(false);

    station.hardware.setReachable(true);
    await eventually(() => page.locator('#keypad').isVisible()).toBe(true);
  });

  it('shows the out-of-order screen while storage fails, so no door opens that cannot be recorded', async () => {
    station.setStorageOk(false);

    await eventually(() => page.locator('#out-of-order-screen').isVisible()).toBe(true);
    expect(await text('#out-of-order-screen')).toContain('Die Station kann im Moment nichts aufzeichnen');

    station.setStorageOk(true);
    await eventually(() => page.locator('#keypad').isVisible()).toBe(true);
  });

  it('says there is no connection when the station service itself is gone', async () => {
    await station.kiosk.close();

    await eventually(() => text('#out-of-order-screen')).toContain('Keine Verbindung zur Station.');
  });

  it('a producer opens the reserved compartment with the loading code and sees the load registered when the door closes', async () => {
    const reserved = await reserveOrder(station, 'order-1', [
      { parcelId: 'bread', producer: 'Bäckerei Kruse', zone: 'ambient' },
    ]);
    const parcel = reserved.parcels[0];
    if (!parcel) throw new Error('nothing reserved');
    const channel = station.channelOf(parcel.compartment);

    await tapCode(parcel.loadingCode);

    await eventually(() => resultTitle().textContent()).toBe(`Fach ${parcel.compartment} ist offen`);
    expect(await text('#result-screen')).toContain('Erst mit dem Schließen ist die Lieferung eingebucht.');
    expect(station.hardware.pullDoor(channel)).toBe(true);
    station.hardware.setOccupied(channel, true);
    await until('door open', () => snapshotOf(station, parcel.compartment)?.doorOpen === true);
    station.hardware.closeDoor(channel);

    await expect
      .poll(() => resultTitle().textContent())
      .toBe(`Danke! Die Lieferung in Fach ${parcel.compartment} ist eingebucht.`);
    expect(snapshotOf(station, parcel.compartment)?.state).toBe('loaded');
  });

  it('lists the parcels of the order that are not here yet', async () => {
    const reserved = await orderWith(
      [
        { parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' },
        { parcelId: 'bread', producer: 'Bäckerei Kruse', zone: 'ambient' },
      ],
      ['milk'],
    );

    await tapCode(reserved.pickupPin);

    await eventually(() => text('#result-screen')).toContain('Noch nicht da:');
    expect(await text('#result-screen')).toContain('Die Ware von Bäckerei Kruse ist noch nicht geliefert.');
  });

  it('reminds to close a door that stays open, until it is closed', async () => {
    const reserved = await orderWith([{ parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' }]);
    const no = reserved.parcels[0]?.compartment ?? -1;
    await tapCode(reserved.pickupPin);
    await eventually(() => resultTitle().textContent()).toBe(`Fach ${no} ist offen`);
    station.hardware.pullDoor(station.channelOf(no));

    await page.getByRole('button', { name: 'Fertig' }).tap();

    await eventually(() => page.locator('#door-reminder').isVisible()).toBe(true);
    expect(await text('#door-reminder')).toBe(`Bitte schließen Sie die Tür von Fach ${no}.`);
    station.hardware.closeDoor(station.channelOf(no));
    await eventually(() => page.locator('#door-reminder').isVisible()).toBe(false);
  });

  it('says so when an unlocked door was never opened, and the code still works', async () => {
    const reserved = await orderWith([{ parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' }]);
    const no = reserved.parcels[0]?.compartment ?? -1;
    await tapCode(reserved.pickupPin);
    await eventually(() => resultTitle().textContent()).toBe(`Fach ${no} ist offen`);

    station.hardware.relatch(station.channelOf(no));
    station.fixture.clock.advance((station.fixture.config.doors.openTimeoutSeconds + 1) * 1000);
    station.fixture.station.sweepUnlocks();

    await eventually(() => text('#notices')).toContain(`Fach ${no} wurde nicht geöffnet`);
    expect(await page.locator('#pad-screen').isVisible()).toBe(true);
    await tapCode(reserved.pickupPin);
    await eventually(() => resultTitle().textContent()).toBe(`Fach ${no} ist offen`);
  });
});
