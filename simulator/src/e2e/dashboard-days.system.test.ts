import { mkdirSync, readFileSync } from 'node:fs';
import { startTestBridge, type TestBridge, testHash, until } from '@regiobox/cloud-bridge/testing';
import { emitDailySummaries, systemClock } from '@regiobox/edge';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAt } from './testing/dashboard-browser.js';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'dorfladen-tage';
const ADMIN = { name: 'mara.kühn', password: 'Kühlkette-2026!' } as const;
const GERMAN = { name: 'jonas.pietsch', password: 'Frischware-2026!' } as const;
const SHOTS = new URL('../../../docs/screenshots/', import.meta.url);
const DAY_MS = 86_400_000;

/**
 * The station page's "Change limits" and the Days page, in Chromium with a real station behind the
 * bridge: the limit reaches the station as a signed set_thresholds and comes back on the page; the
 * station's daily summary reaches the Days page and its CSV, scoped to the operator's towns.
 */
describe('limits and days on the dashboard, with a real station', () => {
  let t: TestBridge;
  let linked: LinkedStation;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestBridge({
      dashboard: {
        stationGroups: { lindenau: [STATION], grenzdorf: ['dorfladen-grenz-9'] },
        operators: [
          { name: ADMIN.name, passwordHash: await testHash(ADMIN.password), role: 'admin' },
          {
            name: GERMAN.name,
            passwordHash: await testHash(GERMAN.password),
            role: 'operator',
            groups: ['lindenau'],
            language: 'de',
          },
        ],
      },
    });
    linked = await startLinkedStation(t, STATION);
    await until(
      'station online',
      async () => (await t.bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await linked?.dispose();
    await t?.dispose();
  });

  const changeLimits = async (page: Page, fields: Record<string, string>) => {
    await page
      .locator('li.zone-limit[data-zone="chilled"]')
      .getByRole('button', { name: 'Change limits' })
      .click();
    await page.locator('#action-dialog[open]').waitFor();
    for (const [name, value] of Object.entries(fields))
      await page.locator(`#action-dialog input[name=${name}]`).fill(value);
    await page.locator('#action-dialog').getByRole('button', { name: 'Confirm' }).click();
  };

  it("an operator changes a zone's limit on the station page: the station applies it, audits it, and the page shows its answer and the new limit", async () => {
    const { station } = linked;
    const page = await loginAt(browser, t.bridge.httpUrl, `/dashboard/stations/${STATION}`, ADMIN);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const chilled = page.locator('li.zone-limit[data-zone="chilled"]');
    await chilled.filter({ hasText: '7.0 °C' }).waitFor();

    await changeLimits(page, { upperCelsius: '5' });
    await page.locator('#action-result', { hasText: 'Done: the station confirmed it.' }).waitFor();
    expect(station.monitor.zoneThresholds().chilled.upperCelsius).toBe(5);
    // the station republishes its limits; the page learns them live
    await chilled.filter({ hasText: '5.0 °C' }).waitFor({ timeout: 15_000 });
    const audit = station.db
      .prepare("SELECT by, reason FROM audit_log WHERE action = 'thresholds_set'")
      .all();
    expect(audit).toEqual([{ by: ADMIN.name, reason: 'chilled' }]);

    // a lower limit that contradicts the upper one: the station refuses, the page says why
    await changeLimits(page, { lowerCelsius: '4.5', upperCelsius: '' });
    await page.locator('#action-result', { hasText: 'INVALID_THRESHOLDS' }).waitFor();
    expect(station.monitor.zoneThresholds().chilled.lowerCelsius).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it("a station's day reaches the Days page per station and town, and its CSV, for an operator of that town", async () => {
    const { station, board } = linked;
    const reserve = await t.api('POST', `/v1/stations/${STATION}/reservations`, {
      orderId: 'order-4001',
      parcels: [
        {
          parcelId: 'kaese',
          producer: 'Hof Sonnenwiese',
          zone: 'chilled',
          size: 'M',
          deadline: new Date(Date.now() + DAY_MS).toISOString(),
        },
      ],
    });
    expect(reserve.status).toBe(201);
    const r = (await reserve.json()) as { pickupPin: string; parcels: { loadingCode: string }[] };
    expect((await station.service.submitCode(r.parcels[0]?.loadingCode ?? '', 'keypad')).ok).toBe(true);
    board.openDoor(0);
    board.setOccupancy(0, true);
    board.closeDoor(0);
    await until('loaded', () => station.service.snapshot().some((c) => c.no === 1 && c.state === 'loaded'));
    expect((await station.service.submitCode(r.pickupPin, 'keypad')).ok).toBe(true);
    board.openDoor(0);
    board.setOccupancy(0, false);
    board.closeDoor(0);
    await until('picked up', () => station.service.snapshot().every((c) => c.state === 'free'));

    // the job runs after midnight: the first run marks today as the first day, the next reports it
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const deps = {
      db: station.db,
      service: station.service,
      monitor: station.monitor,
      outbox: station.outbox,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    };
    emitDailySummaries(deps, now);
    expect(emitDailySummaries(deps, new Date(now.getTime() + DAY_MS))).toBe(1);
    await until(
      'the bridge stored the day',
      async () => (await t.bridge.store.dailySummaries({ from: today, to: today })).length === 1,
    );

    const page = await loginAt(browser, t.bridge.httpUrl, '/dashboard/days', GERMAN);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.locator('h1', { hasText: 'Tage' }).waitFor();
    const day = page.locator(`#station-days tr[data-station="${STATION}"][data-day="${today}"]`);
    await day.waitFor();
    const figure = (row: typeof day, name: string) => row.locator(`td[data-figure="${name}"]`).textContent();
    expect(await figure(day, 'pickups')).toBe('1');
    expect(await figure(day, 'loads')).toBe('1');
    expect(await figure(day, 'expiries')).toBe('0');
    expect(await figure(day, 'excursions')).toBe('0');
    expect(await day.locator('td.use').textContent()).toContain(
      'Gekühlt M: 1 Fächer, 1 Einlagerungen, 1 Abholungen',
    );
    const town = page.locator('#towns tr[data-town="lindenau"]');
    expect(await figure(town, 'pickups')).toBe('1');
    expect(await figure(town, 'loads')).toBe('1');
    expect(await page.locator('#towns tr[data-town="*"]').textContent()).toContain('Alle Stationen');
    // the operator's towns only: grenzdorf is not theirs
    expect(await page.locator('#towns tr[data-town="grenzdorf"]').count()).toBe(0);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: new URL('dashboard-days.png', SHOTS).pathname, fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV herunterladen' }).click(),
    ]);
    const file = await download.path();
    const [header, row, extra] = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(extra).toBeUndefined();
    const cells = Object.fromEntries((header ?? []).map((h, i) => [h, row?.[i]]));
    expect(cells).toMatchObject({
      station_id: STATION,
      day: today,
      pickups: '1',
      loads: '1',
      chilled_M_loads: '1',
      chilled_M_pickups: '1',
    });
    expect(errors).toEqual([]);
  }, 90_000);
});
