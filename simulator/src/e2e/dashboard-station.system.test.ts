import { OPERATOR, startTestBridge, type TestBridge, testHash, until } from '@regiobox/cloud-bridge/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'kuehlbox-dorfplatz';
const LABEL = 'Kühlbox am Dorfplatz';
const NOTE = 'Door seal replaced; goods checked at 5.1 °C.';

/**
 * The whole path with a real station: the edge service on a simulated board raises a temperature
 * alarm from its probe, the operator sees it appear in Chromium without reloading, acknowledges it
 * with a note, and the station records the acknowledgement and reports it back.
 */
describe('operators dashboard in Chromium, with a real station', () => {
  let t: TestBridge | undefined;
  let linked: LinkedStation | undefined;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    await linked?.dispose();
    await t?.dispose();
  });

  it('a warm fridge shows up live; the acknowledgement reaches the station and comes back', async () => {
    t = await startTestBridge({
      dashboard: {
        operators: [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) }],
        stationLabels: { [STATION]: LABEL },
      },
    });
    // compartment 1 is a chilled fridge whose probe reads 5 °C
    linked = await startLinkedStation(t, STATION);
    const { station, board } = linked;
    // an excursion counts after 1 s instead of the default delay, so that the test need not wait
    await station.monitor.setThresholds('chilled', { delaySeconds: 1 });
    const bridge = t.bridge;
    await until(
      'station online at the bridge',
      async () => (await bridge.store.presence(STATION))?.state === 'online',
    );

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${bridge.httpUrl}/dashboard/alarms`);
    await page.fill('#name', OPERATOR.name);
    await page.fill('#password', OPERATOR.password);
    await page.click('form.login-form button[type=submit]');
    await page.waitForURL('**/dashboard/alarms');
    await page.locator('[data-live="live"]').first().waitFor();
    expect(await page.locator('li.alarm').count()).toBe(0);
    await page.evaluate('window.stillTheSamePage = true');

    // the fridge warms up: the station's rules raise temperature_high, the page shows it live
    board.setProbe(0, 11.5);
    const alarm = page.locator('li.alarm', { hasText: LABEL });
    await alarm.waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
    const raised = station.monitor.alarms.active().find((a) => a.kind === 'temperature_high');
    expect(raised?.acknowledgedBy).toBeNull();

    await alarm.getByRole('button', { name: 'Acknowledge' }).click();
    await alarm.locator('textarea').fill(NOTE);
    await alarm.getByRole('button', { name: 'Send acknowledgement' }).click();

    // the station itself records who acknowledged it and why, and its report comes back to the page
    const edge = station;
    await until('the acknowledgement recorded at the station', () =>
      edge.monitor.alarms.active().some((a) => a.kind === 'temperature_high' && a.acknowledgedBy !== null),
    );
    const acknowledged = edge.monitor.alarms.active().find((a) => a.kind === 'temperature_high');
    expect(acknowledged).toMatchObject({ acknowledgedBy: OPERATOR.name, note: NOTE });
    await alarm
      .locator('.ack-done', { hasText: `Acknowledged by ${OPERATOR.name}` })
      .waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
