import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestMarketplace } from '../link/testing/marketplace.js';
import { TestBroker } from '../link/testing/test-broker.js';
import { until } from '../link/testing/until.js';
import type { ReserveResult } from '../station/api.js';
import { FaultRig, STATION } from './testing/fault-rig.js';
import { allDelivered, bodies, latestStatus, oneTo, seqs } from './testing/market-view.js';

describe('fault: the board’s USB serial adapter is unplugged and plugged in again', () => {
  let broker: TestBroker;
  let market: TestMarketplace;
  let rig: FaultRig;

  beforeEach(async () => {
    broker = await TestBroker.start();
    market = await TestMarketplace.connect(broker.url, STATION);
    rig = new FaultRig({ brokerUrl: broker.url });
    await rig.plugBoard();
  });
  afterEach(async () => {
    await rig.close();
    await market.close();
    await broker.close();
  });

  it('never looks healthy while the board is gone, keeps the customer’s PIN, and is back within 3 s of the replug', async () => {
    const station = await rig.start();
    const order: ReserveResult = await station.service.reserve({
      orderId: 'order-81',
      parcels: [{ parcelId: 'bread', producer: 'Bäckerei Lange', zone: 'ambient', size: 'S' }],
    });
    const [parcel] = order.parcels;
    expect(await rig.enterCode(parcel?.loadingCode ?? '')).toMatchObject({ ok: true, purpose: 'loading' });
    await rig.useDoor(1, true, 'loaded');
    await until('the marketplace knows the parcel is in', () =>
      bodies(market.events, 'parcel.loaded').some((e) => e.parcelId === 'bread'),
    );
    expect(latestStatus([market])?.health).toMatchObject({ board: 'ok' });

    // the adapter is pulled: the device path disappears
    await rig.unplugBoard();
    await until('the kiosk shows the out-of-order screen', async () =>
      (await rig.kioskStatus()).outOfService?.reason === 'BOARD_UNREACHABLE' ? true : undefined,
    );
    const birth = await until('a birth saying the board is unreachable', () => {
      const s = latestStatus([market]);
      return s?.state === 'online' && s.health?.board === 'unreachable' ? s : undefined;
    });
    expect(birth.health?.board).toBe('unreachable');
    await until('the board_unreachable alarm', () =>
      bodies(market.events, 'alarm.raised').some((a) => a.kind === 'board_unreachable'),
    );
    // the customer arrives now: the kiosk refuses at once and the PIN is not used up
    expect(await rig.enterCode(order.pickupPin)).toMatchObject({ ok: false, reason: 'BOARD_UNREACHABLE' });
    expect(await station.service.submitCode(order.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'BOARD_UNREACHABLE',
      message: expect.stringContaining('stays valid'),
    });
    // meanwhile someone forces the empty compartment 3 open
    rig.board.forceDoor(2);

    // the adapter comes back under the same path: the station drives it within 3 s (the path is watched)
    await rig.plugBoard();
    const pluggedAt = performance.now();
    await until('the board reachable again', () => station.hardware.health().reachable, 10_000);
    expect(performance.now() - pluggedAt).toBeLessThan(3_000);
    await until(
      'the kiosk back in service',
      async () => ((await rig.kioskStatus()).outOfService === null ? true : undefined),
      20_000,
    );
    await until('a birth saying the board is back', () => latestStatus([market])?.health?.board === 'ok');
    await until('the forced door reconciled', () =>
      bodies(market.events, 'compartment.door').some((d) => d.compartment === 3 && d.open),
    );
    await until('the forced door raised as such', () =>
      bodies(market.events, 'alarm.raised').some((a) => a.kind === 'door_forced' && a.compartment === 3),
    );
    rig.board.closeDoor(2);

    // the same PIN works now: one pulse for the pickup, none while the board was away
    expect(await rig.enterCode(order.pickupPin)).toMatchObject({ ok: true, compartments: [{ no: 1 }] });
    await rig.useDoor(1, false, 'free');
    expect(rig.pulsedChannels()).toEqual([0, 0]);

    const events = await allDelivered([market], station);
    expect(seqs(events)).toEqual(oneTo(events.length));
    expect(bodies(events, 'order.picked_up')).toHaveLength(1);
    expect(bodies(events, 'parcel.picked_up').map((p) => p.parcelId)).toEqual(['bread']);
    expect(bodies(events, 'alarm.cleared').map((a) => a.kind)).toContain('board_unreachable');
    expect(market.invalid).toEqual([]);
  });
});
