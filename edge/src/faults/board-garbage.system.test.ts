import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestMarketplace } from '../link/testing/marketplace.js';
import { TestBroker } from '../link/testing/test-broker.js';
import { until } from '../link/testing/until.js';
import type { ReserveResult } from '../station/api.js';
import { FaultRig, STATION } from './testing/fault-rig.js';
import { allDelivered, bodies } from './testing/market-view.js';

const SEED = 4242;

describe('fault: the board’s line garbles and loses frames in the middle of unlocks', () => {
  let broker: TestBroker;
  let market: TestMarketplace;
  let rig: FaultRig;

  beforeEach(async () => {
    broker = await TestBroker.start();
    market = await TestMarketplace.connect(broker.url, STATION);
    rig = new FaultRig({ brokerUrl: broker.url, boardSeed: SEED });
    await rig.plugBoard();
  });
  afterEach(async () => {
    await rig.close();
    await market.close();
    await broker.close();
  });

  it(`never pulses twice for one unlock, records every outcome and settles it from the door switch (seed ${SEED})`, async () => {
    const station = await rig.start();
    const orders: ReserveResult[] = [];
    for (const [no, zone] of [
      [1, 'ambient'],
      [2, 'chilled'],
      [3, 'frozen'],
    ] as const) {
      const order = await station.service.reserve({
        orderId: `order-${no}`,
        parcels: [{ parcelId: `parcel-${no}`, producer: 'Hof am See', zone, size: no === 3 ? 'L' : 'S' }],
      });
      expect(await rig.enterCode(order.parcels[0]?.loadingCode ?? '')).toMatchObject({
        ok: true,
        compartments: [{ no }],
      });
      await rig.useDoor(no, true, 'loaded');
      orders.push(order);
    }

    // a lost ACK: the driver asks again with the same command id and the board does not pulse again
    rig.board.dropNextReplies(1);
    const first = orders[0] as ReserveResult;
    const lostAck = await rig.enterCode(first.pickupPin);
    expect(lostAck).toMatchObject({ ok: true, compartments: [{ no: 1 }] });
    await rig.useDoor(1, false, 'free');

    // the board answers, but too late for every retry: the pulse fired, the station cannot know
    rig.board.setFaults({ replyDelayMs: 800 });
    const late = await rig.enterCode((orders[1] as ReserveResult).pickupPin);
    expect(late).toMatchObject({ ok: true, compartments: [{ no: 2, outcome: 'unknown' }] });
    rig.board.clearFaults();

    // then a bad line: bytes corrupted and dropped both ways while the third customer types the PIN
    rig.board.setFaults({ corruptByteRate: 0.03, dropByteRate: 0.01 });
    const garbled = await rig.enterCode((orders[2] as ReserveResult).pickupPin);
    expect(garbled.ok || garbled.reason === 'BOARD_UNREACHABLE').toBe(true);
    rig.board.clearFaults();
    await until('the board healthy again', () => station.hardware.health().reachable, 20_000);

    // the board is the truth: where the pulse fired, the spring opened the door (whether or not the
    // station heard the ACK or the door event); the customer takes the goods and shuts it
    for (const no of [2, 3]) {
      const order = orders[no - 1] as ReserveResult;
      if (!rig.board.isDoorOpen(no - 1)) {
        // no pulse reached the solenoid: the PIN was not used up, and works now
        const again = await rig.enterCode(order.pickupPin);
        expect(again, `compartment ${no} on the second try`).toMatchObject({
          ok: true,
          compartments: [{ no }],
        });
        await until(`door ${no} seen open`, () => rig.compartment(no)?.doorOpen === true);
      }
      rig.board.setOccupancy(no - 1, false);
      rig.board.closeDoor(no - 1);
      await until(`compartment ${no} free`, () => rig.compartment(no)?.state === 'free');
    }

    // each channel pulsed exactly twice: once for the load, once for the pickup
    const pulses = rig.pulsedChannels();
    expect([0, 1, 2].map((c) => pulses.filter((p) => p === c).length)).toEqual([2, 2, 2]);
    const events = await allDelivered([market], station);
    expect(bodies(events, 'parcel.picked_up').map((p) => p.parcelId)).toEqual(
      expect.arrayContaining(['parcel-1', 'parcel-2', 'parcel-3']),
    );
    expect(bodies(events, 'parcel.picked_up')).toHaveLength(3);
    // the late one is on record as unknown, and the door switch settled it as a pickup
    const unlocked = bodies(events, 'compartment.unlocked').filter((u) => u.reason === 'pickup');
    expect(unlocked.length).toBeGreaterThanOrEqual(3);
    expect(unlocked.find((u) => u.compartment === 2)?.outcome).toBe('unknown');
  });
});
