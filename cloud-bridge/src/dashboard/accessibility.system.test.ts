import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBridge, startBridge } from '../bridge.js';
import { parseConfig } from '../config.js';
import { seriousAccessibilityViolations } from './testing/axe.js';
import { OPERATOR, testHash } from './testing/dashboard-server.js';
import { demoLabels } from './testing/demo-fleet.js';
import { seedDemoFleet } from './testing/seed-fleet.js';

describe('the dashboard for operators with assistive technology (axe-core in Chromium)', () => {
  let dir: string;
  let bridge: RunningBridge;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-dashboard-axe-'));
    bridge = await startBridge(
      parseConfig({
        database: { file: path.join(dir, 'bridge.db') },
        broker: { port: 0 },
        http: { port: 0, apiKeys: [{ name: 'marketplace', key: 'axe-test-marketplace-key-0123456789' }] },
        dashboard: {
          operators: [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) }],
          stationLabels: demoLabels(),
        },
        log: { level: 'silent' },
      }),
    );
    await seedDemoFleet(bridge.store, new Date(), { historyHours: 30 });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    // the pages' CSP allows their own scripts only; axe is injected by the test, not served by the bridge
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, bypassCSP: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the login page has no serious or critical violation', async () => {
    await page.goto(`${bridge.httpUrl}/dashboard/login`);
    await page.locator('#password').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('the fleet, a station, the alarms and the days have no serious or critical violation', async () => {
    await page.fill('#name', OPERATOR.name);
    await page.fill('#password', OPERATOR.password);
    await page.click('form.login-form button[type=submit]');
    await page.waitForURL('**/dashboard');
    await page.locator('.station-card', { hasText: 'Dorfladen Lindenau' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto(`${bridge.httpUrl}/dashboard/stations/lindenau-dorfladen`);
    await page.locator('.zone-chart svg path').first().waitFor();
    await page.locator('.history-item').first().waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto(`${bridge.httpUrl}/dashboard/alarms`);
    await page.locator('li.alarm').first().waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto(`${bridge.httpUrl}/dashboard/days`);
    await page.locator('#towns tr[data-town="*"]').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
