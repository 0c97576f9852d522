import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeOutcome, ReserveResult } from '../station/api.js';
import { customerCollects, producerLoads } from '../station/testing/actors.js';
import { StationFixture } from '../station/testing/station-fixture.js';
import { loadPage, type KioskPage as Page } from './testing/page-modules.js';

/** What the page shows for a station answer, in one language. */
const screenFor = (page: Page, outcome: CodeOutcome, lang: string) => {
  const state = page.createState(lang, 0);
  page.applyAnswer(state, { kind: 'outcome', outcome }, 0);
  const screen = page.describeResult(page.translator(lang), state.result, null);
  return {
    text: [screen.title, ...screen.lines, ...screen.notes].join(' '),
    padLocked: state.lockedUntil > 0,
  };
};

/**
 * The board refuses a pulse while the solenoid cools down and says for how long. The station waits
 * for a short rest itself; a longer one is the customer's to wait, and the page must say so — not
 * "out of order", since nothing is broken.
 */
describe('a door cooling down longer than the station waits', () => {
  let f: StationFixture;
  let r: ReserveResult;
  let page: Page;
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

  it('tells the customer to wait N seconds, in German and English, keeps the PIN valid and the pad open', async () => {
    f.hw.failNextPulse('SOLENOID_COOLDOWN', false, 8_000);
    const out = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(out).toMatchObject({ ok: false, reason: 'DOOR_COOLING_DOWN', retryAfterMs: 8_000 });
    expect(out.message).toMatch(/try again in 8 s.*code stays valid/);

    const de = screenFor(page, out, 'de');
    expect(de.text).toMatch(/8 Sekunden/);
    expect(de.text).not.toMatch(/außer Betrieb|nicht öffnen/i);
    expect(de.padLocked).toBe(false); // other customers may still open their doors
    const en = screenFor(page, out, 'en');
    expect(en.text).toMatch(/8 seconds/);
    expect(en.text).not.toMatch(/out of order|cannot be opened/i);

    const later = await customerCollects(f, r.pickupPin);
    expect(later).toMatchObject({ ok: true, compartments: [{ no: 4 }] });
  });

  it('names the resting door among those that opened, with the wait', async () => {
    const second = await f.station.reserve({
      orderId: 'O-2',
      parcels: [
        { parcelId: 'bread', producer: 'Bäckerei Schulz', zone: 'ambient', size: 'S' },
        { parcelId: 'cheese', producer: 'Hof Krüger', zone: 'chilled', size: 'S' },
      ],
    });
    for (const p of second.parcels) await producerLoads(f, p.loadingCode);
    f.hw.failNextPulse('SOLENOID_COOLDOWN', false, 12_000); // the first of the two pulses
    const out = await f.station.submitCode(second.pickupPin, 'keypad');
    expect(out).toMatchObject({ ok: true, notOpened: [{ reason: 'COOLING_DOWN', retryAfterMs: 12_000 }] });
    expect(screenFor(page, out, 'de').text).toMatch(/12 Sekunden/);
    expect(screenFor(page, out, 'en').text).toMatch(/12 seconds/);
  });
});
