import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestBridge, type TestBridge, until, WebhookReceiver } from '@regiobox/cloud-bridge/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { COUNTER_STAFF, type LinkedCounter, startLinkedCounter } from './testing/linked-counter.js';

const STATION = 'hofladen-sonnenwiese';
const SECRET = 'webhook-secret-for-the-counter-test';
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');

interface Reservation {
  orderId: string;
  pickupPin: string;
  parcels: { parcelId: string; compartment: number; loadingCode: string }[];
}

/**
 * The farm shop's counter in Chromium, with the bridge and the marketplace's webhook endpoint: the
 * producers' deliveries are booked into a shelf and the fridge, a customer's PIN shows each parcel
 * with its place, staff confirm the hand-over parcel by parcel, and the marketplace hears
 * order.picked_up.
 */
describe('a shop counter in Chromium, end to end', () => {
  let t: TestBridge | undefined;
  let counter: LinkedCounter | undefined;
  let receiver: WebhookReceiver | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await counter?.dispose();
    await t?.dispose();
    await receiver?.stop();
  });

  const typeCode = async (page: Page, code: string) => {
    await page.fill('#code', code);
    await page.click('#code-form button[type=submit]');
  };

  it("a customer's PIN shows the right shelf and fridge; staff hand the parcels over one by one and the marketplace hears order.picked_up", async () => {
    receiver = new WebhookReceiver(SECRET);
    const url = await receiver.start();
    t = await startTestBridge({
      webhooks: { endpoints: [{ id: 'shop', url, secret: SECRET, events: ['order.*', 'parcel.*'] }] },
    });
    counter = await startLinkedCounter(t, STATION);
    await until(
      'the counter is online at the bridge',
      async () => (await t?.bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );
    const { stations } = (await (await t.api('GET', '/v1/stations')).json()) as {
      stations: { stationId: string; kind: string }[];
    };
    expect(stations.find((s) => s.stationId === STATION)?.kind).toBe('counter');

    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    const res = await t.api('POST', `/v1/stations/${STATION}/reservations`, {
      orderId: 'order-2207',
      parcels: [
        { parcelId: 'bauernbrot', producer: 'Bäckerei Kruse', zone: 'ambient', size: 'M', deadline },
        { parcelId: 'milch', producer: 'Hof Müller', zone: 'chilled', size: 'S', deadline },
      ],
    });
    expect(res.status).toBe(201);
    const r = (await res.json()) as Reservation;
    const code = (id: string) => r.parcels.find((p) => p.parcelId === id)?.loadingCode ?? '';

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const page = await (
      await browser.newContext({ viewport: { width: 1180, height: 820 }, locale: 'de-DE' })
    ).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(counter.staffPage);
    await page.fill('#login-staff', COUNTER_STAFF.id);
    await page.fill('#login-password', 'falsch-falsch');
    await page.click('#login-form button[type=submit]');
    await expect
      .poll(() => page.locator('#login-message').textContent())
      .toBe('Name oder Passwort ist falsch.');
    await page.fill('#login-password', COUNTER_STAFF.password);
    await page.click('#login-form button[type=submit]');
    await page.locator('#who', { hasText: COUNTER_STAFF.name }).waitFor();

    // the bakery's delivery: staff choose "Regal 2" instead of the planned shelf
    await typeCode(page, code('bauernbrot'));
    await page.locator('[data-parcel="bauernbrot"]').waitFor();
    await page.click('[data-parcel="bauernbrot"] [data-choose-place="2"]');
    await page.click('[data-parcel="bauernbrot"] [data-action="book"]');
    await page.locator('[data-parcel="bauernbrot"].done', { hasText: 'Regal 2' }).waitFor();
    // the dairy's delivery goes into the fridge, the only chilled place the page offers
    await typeCode(page, code('milch'));
    expect(await page.locator('[data-parcel="milch"] [data-choose-place]').allTextContents()).toEqual([
      'Kühlschrank',
    ]);
    await page.click('[data-parcel="milch"] [data-action="book"]');
    await page.locator('[data-parcel="milch"].done', { hasText: 'Kühlschrank' }).waitFor();

    // the customer gives the PIN: the page shows each parcel with its place
    await typeCode(page, r.pickupPin);
    await page.locator('#result h2', { hasText: 'order-2207' }).waitFor();
    expect(await page.locator('[data-parcel="bauernbrot"] .where').textContent()).toBe('Regal 2');
    expect(await page.locator('[data-parcel="milch"] .where').textContent()).toBe('Kühlschrank');
    expect(await page.locator('#result').textContent()).not.toContain('null');
    // the fridge's probe (5 °C on the board) is on the page, as staff check it
    await page.reload();
    await page.locator('li[data-place="3"] .temp', { hasText: '5,0 °C' }).waitFor();
    await typeCode(page, r.pickupPin);
    await page.locator('#result h2', { hasText: 'order-2207' }).waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'counter-page.png') });

    await page.click('[data-parcel="bauernbrot"] [data-action="hand-over"]');
    await page.locator('[data-parcel="bauernbrot"].done').waitFor();
    expect(receiver.events.some((e) => e.type === 'order.picked_up')).toBe(false);
    await page.click('[data-parcel="milch"] [data-action="hand-over"]');
    await page.locator('.all-done', { hasText: 'Alles übergeben' }).waitFor();

    await until(
      'the marketplace hears order.picked_up',
      () => receiver?.events.some((e) => e.type === 'order.picked_up') ?? false,
      20_000,
    );
    const pickedUp = receiver.events.filter((e) => e.type === 'parcel.picked_up');
    expect(
      pickedUp
        .map((e) => (e.body as { data: { parcelId: string; compartment: number } }).data)
        .map((e) => [e.parcelId, e.compartment]),
    ).toEqual([
      ['bauernbrot', 2],
      ['milch', 3],
    ]);
    expect(receiver.events.every((e) => e.signatureValid)).toBe(true);

    // the PIN is used up: typed again, the page says so and shows nothing
    await typeCode(page, r.pickupPin);
    await expect
      .poll(() => page.locator('#code-message').textContent())
      .toBe('Dieser Code ist nicht mehr gültig oder wurde schon benutzt.');
    expect(await page.locator('[data-parcel]').count()).toBe(0);

    // English, as the kiosk: the switch changes the page's words
    await page.click('#language');
    expect(await page.locator('#code-form button[type=submit]').textContent()).toBe('Look up');
    expect(pageErrors).toEqual([]);
  });
});
