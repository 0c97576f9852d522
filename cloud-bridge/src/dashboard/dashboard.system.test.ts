import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBridge, startBridge } from '../bridge.js';
import { parseConfig } from '../config.js';
import { compartment } from '../test-support/messages.js';
import { StationPeer } from '../test-support/station-peer.js';
import { until } from '../test-support/until.js';
import { OPERATOR, testHash } from './testing/dashboard-server.js';
import { demoLabels } from './testing/demo-fleet.js';
import { seedDemoFleet } from './testing/seed-fleet.js';

const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const API_KEY = 'system-test-marketplace-key-0123456789';
const STATION = 'schlepzig-kuehlbox';

describe('operators dashboard in Chromium, on the composed bridge', () => {
  let dir: string;
  let bridge: RunningBridge;
  let station: StationPeer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-dashboard-system-'));
    const config = parseConfig({
      database: { file: path.join(dir, 'bridge.db') },
      broker: { port: 0 },
      http: { port: 0, apiKeys: [{ name: 'marketplace', key: API_KEY }] },
      dashboard: {
        operators: [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) }],
        stationLabels: { ...demoLabels(), [STATION]: 'Kühlbox Schlepzig, Dorfplatz' },
      },
      log: { level: 'silent' },
    });
    bridge = await startBridge(config);

    await seedDemoFleet(bridge.store, new Date(), { historyHours: 30 });
    const login = await bridge.registry.addStation(STATION);
    station = await StationPeer.connect(bridge.brokerUrl, login, 1, [
      compartment(1, { zone: 'chilled', size: 'L', celsius: 4.8 }),
      compartment(2, { zone: 'chilled', size: 'M', state: 'loaded', orderId: 'ORD-24-1210', celsius: 9.1 }),
      compartment(3, { zone: 'frozen', size: 'M', celsius: -19.2 }),
      compartment(4, { zone: 'ambient', size: 'L', celsius: 16.4 }),
    ]);
    await until(
      'station online at the bridge',
      async () => (await bridge.store.presence(STATION))?.state === 'online',
    );

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // No API key: the browser has only the operator's login.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await station?.close();
    await bridge?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows a temperature alarm live, and the acknowledgement with its note reaches the station', async () => {
    await page.goto(`${bridge.httpUrl}/dashboard/alarms`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.fill('#name', OPERATOR.name);
    await page.fill('#password', OPERATOR.password);
    await page.click('form.login-form button[type=submit]');
    await page.waitForURL('**/dashboard/alarms');
    await page.locator('[data-live="live"]').first().waitFor();
    await page.locator('li.alarm').first().waitFor();
    const before = await page.locator('li.alarm').count();
    await page.evaluate('window.stillTheSamePage = true');

    await station.event({
      type: 'alarm.raised',
      alarmId: 'al-sch-0042',
      kind: 'temperature_high',
      severity: 'critical',
      compartment: 2,
      probeId: 'probe-2',
      detail: 'Compartment 2 at 9.1 °C, above 7 °C for 10 min',
    });
    const alarm = page.locator('li.alarm', { hasText: 'Kühlbox Schlepzig' });
    await alarm.waitFor({ timeout: 10_000 });
    expect(await page.locator('li.alarm').count()).toBe(before + 1);
    // Newest and most severe first: the new critical alarm leads the list.
    expect(await page.locator('li.alarm').first().textContent()).toContain('Kühlbox Schlepzig');
    await expect
      .poll(() => page.locator('[data-alarm-count]').first().textContent())
      .toBe(String(before + 1));
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);

    await alarm.getByRole('button', { name: 'Acknowledge' }).click();
    await alarm.locator('textarea').fill('Cooling unit reset on site; goods checked at 4.9 °C.');
    await page.locator('li.alarm').nth(1).hover();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-alarms.png'), animations: 'disabled' });
    await alarm.getByRole('button', { name: 'Send acknowledgement' }).click();

    await until('ack_alarm at the station', () =>
      station.commands.some((c) => c.command.type === 'ack_alarm'),
    );
    const command = station.commands.find((c) => c.command.type === 'ack_alarm');
    expect(command?.command).toEqual({
      type: 'ack_alarm',
      alarmId: 'al-sch-0042',
      by: OPERATOR.name,
      note: 'Cooling unit reset on site; goods checked at 4.9 °C.',
    });
    await alarm.locator('.ack-pending').waitFor();

    // The station records the acknowledgement and reports it back, as the edge does.
    await station.event({
      type: 'alarm.acknowledged',
      alarmId: 'al-sch-0042',
      by: OPERATOR.name,
      note: 'Cooling unit reset on site; goods checked at 4.9 °C.',
    });
    await alarm
      .locator('.ack-done', { hasText: `Acknowledged by ${OPERATOR.name}` })
      .waitFor({ timeout: 10_000 });
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('shows the fleet and a station with its compartments, temperature charts and history', async () => {
    await page.goto(`${bridge.httpUrl}/dashboard`);
    await page.locator('.station-card').nth(4).waitFor();
    await page.locator('[data-alarm-count]:not([hidden])').first().waitFor();
    const offline = page.locator('.station-card', { hasText: 'Hofladen Mertens' });
    expect(await offline.locator('.pill').textContent()).toBe('Offline');
    expect(await page.locator('.station-card', { hasText: 'Dorfladen Lindenau' }).textContent()).toContain(
      '2 / 5 free',
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'dashboard-fleet.png'),
      fullPage: true,
      animations: 'disabled',
    });

    await page.locator('.station-card', { hasText: 'Dorfladen Lindenau' }).click();
    await page.waitForURL('**/dashboard/stations/lindenau-dorfladen');
    await page.locator('.zone-chart svg path').first().waitFor();
    await page.locator('.history-item').first().waitFor();
    const hot = page.locator('.compartment.out-of-limit');
    expect(await hot.getAttribute('data-compartment')).toBe('5');
    expect(
      await page
        .locator('.zone-chart')
        .evaluateAll((charts) => charts.map((c) => c.getAttribute('data-zone'))),
    ).toEqual(['frozen', 'cold', 'chilled', 'ambient']);
    expect(await page.locator('.zone-chart[data-zone="chilled"] .limit-label').first().textContent()).toBe(
      'Chilled max 7.0 °C',
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'dashboard-station.png'),
      fullPage: true,
      animations: 'disabled',
    });
    expect(pageErrors).toEqual([]);
  });

  it('a new alarm does not re-order the list under the pointer; it takes its place when the pointer leaves', async () => {
    await page.goto(`${bridge.httpUrl}/dashboard/alarms`);
    await page.locator('[data-live="live"]').first().waitFor();
    await page.locator('li.alarm').nth(1).waitFor();
    const count = await page.locator('li.alarm').count();
    const first = await page.locator('li.alarm').first().getAttribute('data-key');
    await page.locator('li.alarm').first().hover();
    await station.event({
      type: 'alarm.raised',
      alarmId: 'al-sch-0043',
      kind: 'door_forced',
      severity: 'critical',
      compartment: 3,
      probeId: null,
      detail: 'Door 3 opened without an unlock',
    });
    await page.locator('li.alarm').nth(count).waitFor({ timeout: 10_000 });
    // under the pointer: the item the operator points at stays first, the new one waits at the end
    expect(await page.locator('li.alarm').first().getAttribute('data-key')).toBe(first);
    expect(await page.locator('li.alarm').last().textContent()).toContain('Compartment 3');
    await page.mouse.move(5, 5);
    await expect.poll(() => page.locator('li.alarm').first().textContent()).toContain('Compartment 3');
  });
});
