import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeOutcome, ReserveResult } from '../station/api.js';
import { producerLoads } from '../station/testing/actors.js';
import { StationFixture } from '../station/testing/station-fixture.js';
import { type KioskPage, loadPage } from './testing/page-modules.js';

/** The station throttles wrong QR tokens to one a second; the page must not turn that into a keypad lock. */
describe('the kiosk page and a throttled QR token', () => {
  let f: StationFixture;
  let r: ReserveResult;
  let page: KioskPage;
  beforeEach(async () => {
    page = await loadPage();
    f = new StationFixture();
    await f.start();
    r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
  });
  afterEach(() => f.close());

  it('asks to scan again in a second and leaves the keypad open for the next PIN', async () => {
    let throttled: CodeOutcome | undefined;
    for (let i = 0; i < 6; i++)
      throttled = await f.station.submitCode(String(i).padStart(24, '7'), 'scanner');
    expect(throttled).toMatchObject({ ok: false, reason: 'LOCKED_OUT' });
    const state = page.createState('de', 0);
    page.applyAnswer(state, { kind: 'outcome', outcome: throttled }, 0, { qrToken: true });
    expect(state.lockedUntil).toBe(0);
    expect(state.padMessage).toEqual({ kind: 'scanWait' });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
  });

  it('a keypad lockout still locks the pad with its countdown', async () => {
    for (let i = 0; i < 5; i++) await f.station.submitCode('0000000000', 'keypad');
    const locked = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(locked).toMatchObject({ ok: false, reason: 'LOCKED_OUT', retryAfterMs: 5000 });
    const state = page.createState('de', 0);
    page.applyAnswer(state, { kind: 'outcome', outcome: locked }, 0, { qrToken: false });
    expect(state.lockedUntil).toBe(5000);
  });
});
