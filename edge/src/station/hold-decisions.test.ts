import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerCollects, producerLoads } from './testing/actors.js';
import { ColdChainFeed, haccpParcelRows } from './testing/cold-chain-feed.js';
import { StationFixture } from './testing/station-fixture.js';

const FROZEN = 7;
const CHILLED = 4;

describe('hold decisions on the cold chain', () => {
  let f: StationFixture;
  let feed: ColdChainFeed;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    feed = new ColdChainFeed(f);
  });
  afterEach(() => f.close());

  const loaded = async (orderId: string, parcelId: string, zone: 'frozen' | 'chilled') => {
    const r = await f.station.reserve({
      orderId,
      parcels: [{ parcelId, producer: 'Hof Sonnenwiese', zone, size: zone === 'frozen' ? 'L' : 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    return r;
  };

  it('frozen goods that thawed are not released as frozen: the release changes nothing, a discard goes through', async () => {
    const r = await loaded('O-1', 'ice', 'frozen');
    await feed.hold({ [FROZEN]: -20 }, 5);
    await feed.untilHeld('O-1', 'ice', { [FROZEN]: -5 }); // above the −12 °C thaw limit
    expect(f.eventsOf('parcel.held')).toMatchObject([{ parcelId: 'ice', reason: 'thawed' }]);
    const before = f.events();

    await expect(
      f.station.decideHold({
        orderId: 'O-1',
        parcelId: 'ice',
        decision: 'release',
        by: 'Anna',
        why: 'looks frozen to me',
      }),
    ).rejects.toMatchObject({ code: 'THAWED_NOT_RELEASABLE_AS_FROZEN' });

    expect(f.parcel('O-1', 'ice')?.state).toBe('held');
    expect(f.station.snapshot().find((c) => c.no === FROZEN)?.state).toBe('blocked');
    expect(f.events()).toEqual(before);
    expect(haccpParcelRows(f)[0]).toMatchObject({ hold: 'held', hold_reason: 'thawed', decided_by: '' });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'NOTHING_TO_OPEN',
    });

    await f.station.decideHold({
      orderId: 'O-1',
      parcelId: 'ice',
      decision: 'discard',
      by: 'Anna',
      why: 'thawed; back to the producer',
    });
    expect(f.parcel('O-1', 'ice')?.state).toBe('discarded');
    expect(f.eventsOf('parcel.hold_decided')).toMatchObject([{ parcelId: 'ice', decision: 'discard' }]);
    expect(f.eventsOf('codes.issued').at(-1)?.retrievalCodes).toMatchObject([{ parcelId: 'ice' }]);
    expect(haccpParcelRows(f)[0]).toMatchObject({
      hold: 'discarded',
      hold_reason: 'thawed',
      decided_by: 'Anna',
      decided_why: 'thawed; back to the producer',
      decided_utc: f.clock.current.now().toISOString(),
    });
  });

  it('Anna releases chilled goods held beyond their budget; the HACCP export shows who, why, when and what', async () => {
    const r = await loaded('O-2', 'milk', 'chilled');
    await feed.untilHeld('O-2', 'milk', { [CHILLED]: 9 }); // above 7 °C longer than the 30 min budget
    await feed.hold({ [CHILLED]: 5 }, 20); // cooled down again while the parcel waits for a decision
    const decidedAt = f.clock.current.now().toISOString();

    await f.station.decideHold({
      orderId: 'O-2',
      parcelId: 'milk',
      decision: 'release',
      by: 'Anna',
      why: 'checked at 5 °C',
    });
    await customerCollects(f, r.pickupPin);

    expect(f.parcel('O-2', 'milk')?.state).toBe('picked_up');
    expect(haccpParcelRows(f)).toEqual([
      expect.objectContaining({
        order: 'O-2',
        parcel: 'milk',
        breached: 'yes',
        hold: 'released',
        hold_reason: 'budget_exceeded',
        decided_by: 'Anna',
        decided_why: 'checked at 5 °C',
        decided_utc: decidedAt,
      }),
    ]);
  });
});
