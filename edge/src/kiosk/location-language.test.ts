import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import type { StationConfigInput } from '../config/schema.js';
import type { CodeOutcome } from '../station/api.js';
import { customerCollects, producerLoads } from '../station/testing/actors.js';
import { StationFixture, WALL } from '../station/testing/station-fixture.js';
import { loadPage, type KioskPage as Page } from './testing/page-modules.js';

/** The location texts on the result screen's cards, in one language. */
const locationsShown = (page: Page, outcome: CodeOutcome, lang: string) => {
  const state = page.createState(lang, 0);
  page.applyAnswer(state, { kind: 'outcome', outcome }, 0);
  return page.describeResult(page.translator(lang), state.result, null).cards.map((c) => c.location);
};

type Location = NonNullable<StationConfigInput['compartments']>[number]['location'];

/** The test wall with a location on compartment 4 (chilled S) only. */
const withLocation = (location: Location) =>
  (WALL ?? []).map((c) => (c.no === 4 ? { ...c, location } : { ...c, location: undefined }));

describe('a compartment location text per language', () => {
  let f: StationFixture | undefined;
  afterEach(() => f?.close());

  it('the German screen shows the German text and the English screen the English one', async () => {
    const page = await loadPage();
    f = new StationFixture({
      compartments: withLocation({ de: 'obere Reihe, 2. von links', en: 'top row, 2nd from left' }),
    });
    await f.start();
    const r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    const out = await customerCollects(f, r.pickupPin);
    expect(locationsShown(page, out, 'de')).toEqual(['obere Reihe, 2. von links']);
    expect(locationsShown(page, out, 'en')).toEqual(['top row, 2nd from left']);
  });

  it('a text given in one language only is shown on every screen; one for all stays as it was', async () => {
    const page = await loadPage();
    f = new StationFixture({ compartments: withLocation({ de: 'Kühlfach links' }) });
    await f.start();
    const r = await f.station.reserve({
      orderId: 'O-2',
      parcels: [{ parcelId: 'cheese', producer: 'Hof Krüger', zone: 'chilled', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    const out = await customerCollects(f, r.pickupPin);
    expect(locationsShown(page, out, 'en')).toEqual(['Kühlfach links']);
  });

  it('an empty per-language text is refused, naming the key', () => {
    const config = { stationId: 's-1', dataDir: '/tmp/x', compartments: withLocation({} as Location) };
    expect(() => parseConfig(config)).toThrow(/compartments\[3\]\.location|compartments\.3\.location/);
  });
});
