import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless, as the other dashboard and kiosk tests run it. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });

/** Logs an operator in through the login form and lands on `path`. */
export const loginAt = async (
  browser: Browser,
  baseUrl: string,
  path: string,
  who: { readonly name: string; readonly password: string },
  locale = 'en-GB',
): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale });
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.fill('#name', who.name);
  await page.fill('#password', who.password);
  await page.click('form.login-form button[type=submit]');
  await page.waitForURL(`**${path}`);
  return page;
};
