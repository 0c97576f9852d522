import { mkdirSync } from 'node:fs';
import { startTestBridge, type TestBridge, testHash, until } from '@regiobox/cloud-bridge/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAt } from './testing/dashboard-browser.js';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'dorfladen-aktion';
const ADMIN = { name: 'mara.kühn', password: 'Kühlkette-2026!' } as const;
const GERMAN = { name: 'jonas.pietsch', password: 'Frischware-2026!' } as const;
const VIEWER = { name: 'gast', password: 'nur-schauen-2026' } as const;
const SHOTS = new URL('../../../docs/screenshots/', import.meta.url);

/**
 * The dashboard's actions with a real station behind the bridge: each button asks for confirmation,
 * the command reaches the station, the station's answer comes back to the page, and the station's
 * own audit log (read over MQTT) shows who did what.
 */
describe('dashboard actions in Chromium, with a real station', () => {
  let t: TestBridge;
  let linked: LinkedStation;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestBridge({
      dashboard: {
        stationGroups: { lindenau: [STATION] },
        operators: [
          { name: ADMIN.name, passwordHash: await testHash(ADMIN.password), role: 'admin' },
          {
            name: GERMAN.name,
            passwordHash: await testHash(GERMAN.password),
            role: 'operator',
            groups: ['lindenau'],
            language: 'de',
          },
          {
            name: VIEWER.name,
            passwordHash: await testHash(VIEWER.password),
            role: 'viewer',
            groups: ['lindenau'],
          },
        ],
      },
    });
    linked = await startLinkedStation(t, STATION);
    // goods are held after 0.6 s above 7 °C instead of 30 min; set before loading
    await linked.station.monitor.setThresholds('chilled', { delaySeconds: 1, budgetMinutes: 0.01 });
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

  const tile = (page: Page, no: number) => page.locator(`article[data-compartment="${no}"]`);
  const confirm = async (page: Page, fill?: () => Promise<void>) => {
    await page.locator('#action-dialog[open]').waitFor();
    await fill?.();
    await page
      .locator('#action-dialog')
      .getByRole('button', { name: /Confirm|Bestätigen/ })
      .click();
  };
  const compartmentState = (no: number) => linked.station.service.snapshot().find((c) => c.no === no)?.state;

  it('block, unblock, service opening, deadline and hold decision reach the station and come back, with its audit log', async () => {
    const { station, board } = linked;
    const res = await t.api('POST', `/v1/stations/${STATION}/reservations`, {
      orderId: 'order-3001',
      parcels: [
        {
          parcelId: 'milch',
          producer: 'Hof Sonnenwiese',
          zone: 'chilled',
          size: 'S',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    });
    expect(res.status).toBe(201);
    const reservation = (await res.json()) as { parcels: { loadingCode: string }[] };
    expect((await station.service.submitCode(reservation.parcels[0]?.loadingCode ?? '', 'keypad')).ok).toBe(
      true,
    );
    board.openDoor(0);
    board.setOccupancy(0, true);
    board.closeDoor(0);
    const parcel = async () => {
      const order = (await (await t.api('GET', '/v1/orders/order-3001')).json()) as {
        parcels: { state: string; deadline: string | null }[];
      };
      return order.parcels[0];
    };
    await until('the milk is loaded at the bridge', async () => (await parcel())?.state === 'loaded');

    const page = await loginAt(browser, t.bridge.httpUrl, `/dashboard/stations/${STATION}`, ADMIN);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const result = page.locator('#action-result');

    // block compartment 2, with a reason
    await tile(page, 2).getByRole('button', { name: 'Block' }).click();
    await page.screenshot({ path: new URL('dashboard-action-confirm.png', SHOTS).pathname });
    await confirm(page, () => page.locator('#action-dialog textarea[name=reason]').fill('door seal damaged'));
    await result.filter({ hasText: 'Done: the station confirmed it.' }).waitFor();
    expect(compartmentState(2)).toBe('blocked');

    // the page learns the new state live and offers to unblock
    await tile(page, 2).getByRole('button', { name: 'Unblock' }).click();
    await confirm(page);
    await until('compartment 2 back in service', () => compartmentState(2) !== 'blocked');
    await tile(page, 2).getByRole('button', { name: 'Block' }).waitFor();

    // open compartment 2 for service: the station pulses its lock
    await tile(page, 2).getByRole('button', { name: 'Open for service' }).click();
    await confirm(page, () =>
      page.locator('#action-dialog textarea[name=reason]').fill('cleaning the shelf'),
    );
    await result.filter({ hasText: 'Done: the station confirmed it.' }).waitFor();

    // extend the milk's deadline
    const before = (await parcel())?.deadline;
    await tile(page, 1).getByRole('button', { name: 'Extend deadline' }).click();
    await confirm(page);
    await result.filter({ hasText: 'Done' }).waitFor();
    await until('the new deadline at the bridge', async () => (await parcel())?.deadline !== before);

    // the fridge warms: the milk is held, and the operator releases it with a reason
    board.setProbe(0, 11.5);
    await until('the milk is held at the bridge', async () => (await parcel())?.state === 'held', 20_000);
    board.setProbe(0, 5);
    await tile(page, 1).getByRole('button', { name: 'Decide hold' }).click({ timeout: 15_000 });
    await confirm(page, async () => {
      await page.locator('#action-dialog select[name=decision]').selectOption('release');
      await page
        .locator('#action-dialog textarea[name=why]')
        .fill('probe reading checked: 4.8 °C in the goods');
    });
    await result.filter({ hasText: 'Done' }).waitFor();
    await until('the milk is released at the bridge', async () => (await parcel())?.state === 'loaded');

    // the station's audit log, read from the station, names the operator for each action
    await page.getByRole('button', { name: 'Read from the station' }).click();
    const audit = page.locator('#audit');
    for (const action of ['blocked', 'unblocked', 'unlock_confirmed', 'deadline_extended', 'hold_decided']) {
      await audit.locator(`li[data-action="${action}"]`, { hasText: ADMIN.name }).first().waitFor();
    }
    await audit.locator('li[data-action="hold_decided"]', { hasText: 'probe reading checked' }).waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await page.locator('#audit-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL('dashboard-audit.png', SHOTS).pathname, fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);

  it('a German operator sees German text and German answers', async () => {
    const page = await loginAt(browser, t.bridge.httpUrl, `/dashboard/stations/${STATION}`, GERMAN);
    await page.locator('#compartments-title', { hasText: 'Fächer' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('nav.nav').textContent()).toContain('Flotte');
    await tile(page, 2).getByRole('button', { name: 'Sperren' }).click();
    await confirm(page, () =>
      page.locator('#action-dialog textarea[name=reason]').fill('Türdichtung defekt'),
    );
    await page.locator('#action-result', { hasText: 'Erledigt: die Station hat es bestätigt.' }).waitFor();
    expect(compartmentState(2)).toBe('blocked');
    await tile(page, 2).getByRole('button', { name: 'Entsperren' }).click();
    await confirm(page);
    await until('compartment 2 back in service', () => compartmentState(2) !== 'blocked');
  }, 60_000);

  it('a viewer sees the station but no buttons, and the bridge refuses its actions', async () => {
    const page = await loginAt(browser, t.bridge.httpUrl, `/dashboard/stations/${STATION}`, VIEWER);
    await tile(page, 2).waitFor();
    await page.locator('[data-viewer-note]:visible').waitFor();
    expect(await page.locator('.comp-actions').count()).toBe(0);
    // the page's own origin, the viewer's own session: the server still says no
    const status = await page.evaluate(async (path) => {
      const r = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'just trying' }),
      });
      return { status: r.status, code: ((await r.json()) as { code: string }).code };
    }, `/dashboard/api/stations/${STATION}/compartments/2/block`);
    expect(status).toEqual({ status: 403, code: 'FORBIDDEN_ROLE' });
    expect(compartmentState(2)).not.toBe('blocked');
  }, 60_000);
});
