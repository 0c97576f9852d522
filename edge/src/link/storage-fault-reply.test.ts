import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import type { MqttLink } from './mqtt-link.js';
import { commandFor, reserveBody } from './testing/commands.js';
import { testLink, untilState } from './testing/link-fixture.js';
import { TestMarketplace } from './testing/marketplace.js';
import { StationStore } from './testing/station-store.js';
import { TestBroker } from './testing/test-broker.js';

const STATION = 'dorfladen-3';

describe('a full disk', () => {
  let broker: TestBroker;
  let store: StationStore;
  let market: TestMarketplace;
  let link: MqttLink;
  const clock = new ManualClock(new Date());

  beforeEach(async () => {
    broker = await TestBroker.start();
    store = new StationStore(STATION);
    market = await TestMarketplace.connect(broker.url, STATION);
    link = testLink(broker.url, store, { clock });
    link.start();
    await untilState(link, 'online');
  });
  afterEach(async () => {
    await link.stop();
    await market.close();
    await broker.close();
    store.close();
  });

  it('answers commands with the documented STORAGE_FAULT, not INTERNAL', async () => {
    // A real SQLite that cannot grow: the file may not take one page more than it has now.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    const replies = [];
    // each command's record takes room, so the last free bytes of the file go within a few commands
    for (let i = 0; i < 200; i++) {
      const reserve = commandFor(STATION, clock, reserveBody);
      await market.send(reserve);
      const reply = await market.reply(reserve.id);
      replies.push(reply);
      if (!reply.ok) break;
    }
    const refused = replies.at(-1);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'STORAGE_FAULT', message: expect.stringMatching(/cannot write/) },
    });
    expect(JSON.stringify(refused)).not.toContain('SQLITE');
  });
});
