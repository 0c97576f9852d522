import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, headless, with everything that would phone home switched off. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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

/** The station's touch screen: 1280×800 landscape, German, touch input. */
export const KIOSK_VIEWPORT = { width: 1280, height: 800 } as const;
