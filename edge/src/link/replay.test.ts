import { EventMessage, ReplayResult } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import { pruneDeliveredEvents } from '../jobs/station-jobs.js';
import type { MqttLink } from './mqtt-link.js';
import { silentLogger, testLink } from './testing/link-fixture.js';
import { TestMarketplace } from './testing/marketplace.js';
import { StationStore } from './testing/station-store.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';

const STATION = 'dorfladen-2';
const door = (open: boolean) => ({ type: 'compartment.door' as const, compartment: 1, open });

describe('replaying delivered events (replay_events)', () => {
  let broker: TestBroker;
  let store: StationStore;
  let market: TestMarketplace;
  let link: MqttLink | undefined;
  const clock = new ManualClock('2026-05-04T06:00:00Z');

  beforeEach(async () => {
    broker = await TestBroker.start();
    store = new StationStore(STATION);
  });
  afterEach(async () => {
    await link?.stop();
    await market?.close();
    await broker.close();
    store.close();
  });

  const replay = async (id: string, fromSeq: number, toSeq?: number) => {
    const issuedAt = clock.now();
    await market.send({
      v: 1,
      id,
      stationId: STATION,
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(issuedAt.getTime() + 60_000).toISOString(),
      command: { type: 'replay_events', fromSeq, ...(toSeq ? { toSeq } : {}) },
    });
    const reply = await market.reply(id);
    if (!reply.ok) throw new Error(`replay refused: ${reply.error.code} ${reply.error.message}`);
    return ReplayResult.parse(reply.result);
  };

  it('publishes the delivered events from a seq again, with their ids and seqs, and the codes blanked', async () => {
    // The broker acknowledged these while no marketplace session existed: they are lost there.
    store.outbox.appendEvent(door(true), clock.now());
    store.outbox.appendEvent(
      {
        type: 'codes.issued',
        orderId: 'order-1',
        pickupPin: '1224738700',
        loadingCodes: [{ parcelId: 'p-1', code: '5212552166' }],
        retrievalCodes: [],
        validUntil: '2026-05-06T18:00:00.000Z',
      },
      clock.now(),
    );
    store.outbox.appendEvent(door(false), clock.now());
    const sent = store.outbox.peek(10).map((e) => EventMessage.parse(JSON.parse(e.payload)));
    link = testLink(broker.url, store, { clock });
    link.start();
    await until('outbox drained', () => store.outbox.size().events === 0);

    market = await TestMarketplace.connect(broker.url, STATION, 'marketplace-late');
    expect(market.events).toEqual([]);
    const result = await replay('cmd-replay-0001', 2);

    expect(result).toEqual({
      fromSeq: 2,
      replayed: 2,
      lastReplayedSeq: 3,
      oldestRetainedSeq: 1,
      more: false,
    });
    await until('two events replayed', () => market.events.length === 2);
    expect(market.events.map((e) => [e.id, e.seq])).toEqual(sent.slice(1).map((e) => [e.id, e.seq]));
    expect(market.events[0]?.event).toEqual({
      ...sent[1]?.event,
      pickupPin: '',
      loadingCodes: [{ parcelId: 'p-1', code: '' }],
    });
    expect(market.events[1]).toEqual(sent[2]);
    expect(JSON.stringify(store.db.prepare('SELECT payload FROM delivered_events').all())).not.toContain(
      '1224738700',
    );
  });

  it('keeps delivered events for mqtt.replayRetentionHours, then the retention job forgets them', async () => {
    store.outbox.appendEvent(door(true), clock.now());
    link = testLink(broker.url, store, { clock });
    link.start();
    await until('outbox drained', () => store.outbox.size().events === 0);
    market = await TestMarketplace.connect(broker.url, STATION, 'marketplace-late');
    const deps = { outbox: store.outbox, logger: silentLogger, replayRetentionHours: 48 };
    const job = (now: Date) => pruneDeliveredEvents(deps, now);

    expect(job(new Date(clock.now().getTime() + 47 * 3_600_000))).toBe(0);
    expect((await replay('cmd-replay-0002', 1)).replayed).toBe(1);
    expect(job(new Date(clock.now().getTime() + 49 * 3_600_000))).toBe(1);
    expect(await replay('cmd-replay-0003', 1)).toEqual({
      fromSeq: 1,
      replayed: 0,
      lastReplayedSeq: null,
      oldestRetainedSeq: null,
      more: false,
    });
  });
});
