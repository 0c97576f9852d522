import { expect } from 'vitest';
import { allDelivered, bodies, latestStatus, oneTo, seqs } from '../../faults/testing/market-view.js';
import type { TestMarketplace } from '../../link/testing/marketplace.js';
import { until } from '../../link/testing/until.js';
import type { LockerRig } from './locker-rig.js';

/**
 * The story every commercial lock board must pass on its simulated device, through the real station:
 * probes read from one-wire; a producer loads, the adapter is unplugged ("board unreachable", PIN kept),
 * a door is forced meanwhile, the adapter comes back and the board is driven again within 3 s; the
 * customer picks up. Every event once, in order; one pulse per use, none while the board was away.
 */
export async function lockerStory(rig: LockerRig, market: TestMarketplace): Promise<void> {
  const station = await rig.start();
  await until('the board online', () => station.hardware.health().reachable);
  const readings = await station.hardware.thermometers.read();
  expect(readings.map((r) => [r.probeId, r.status, r.celsius])).toEqual([
    ['chill', 'ok', 4.5],
    ['freeze', 'ok', -20],
  ]);

  const order = await station.service.reserve({
    orderId: 'order-7',
    parcels: [{ parcelId: 'quark', producer: 'Hof Lindenau', zone: 'chilled', size: 'M' }],
  });
  const [parcel] = order.parcels;
  expect(await rig.kioskCode(parcel?.loadingCode ?? '')).toMatchObject({ ok: true, purpose: 'loading' });
  await rig.useDoor(2, 'loaded');
  await until('the marketplace knows the parcel is in', () =>
    bodies(market.events, 'parcel.loaded').some((e) => e.parcelId === 'quark'),
  );

  // the USB-RS485 adapter is pulled
  await rig.unplugBoard();
  await until('the station reports the board unreachable', () => {
    const s = latestStatus([market]);
    return s?.state === 'online' && s.health?.board === 'unreachable';
  });
  await until('the board_unreachable alarm', () =>
    bodies(market.events, 'alarm.raised').some((a) => a.kind === 'board_unreachable'),
  );
  expect(await rig.kioskCode(order.pickupPin)).toMatchObject({ ok: false, reason: 'BOARD_UNREACHABLE' });
  rig.device.forceDoor(2);

  // the adapter comes back under the same path: driven again within 3 s
  await rig.plugBoard();
  const back = performance.now();
  await until('the board reachable again', () => station.hardware.health().reachable, 3000);
  expect(performance.now() - back).toBeLessThan(3000);
  await until('the forced door reconciled', () =>
    bodies(market.events, 'alarm.raised').some((a) => a.kind === 'door_forced' && a.compartment === 3),
  );
  rig.device.closeDoor(2);

  // the same PIN works now
  expect(await rig.kioskCode(order.pickupPin)).toMatchObject({ ok: true, compartments: [{ no: 2 }] });
  await rig.useDoor(2, 'free');
  expect(rig.device.pulsedChannels()).toEqual([1, 1]);

  const events = await allDelivered([market], station);
  expect(seqs(events)).toEqual(oneTo(events.length));
  expect(bodies(events, 'parcel.picked_up').map((p) => p.parcelId)).toEqual(['quark']);
  expect(bodies(events, 'alarm.cleared').map((a) => a.kind)).toContain('board_unreachable');
  expect(market.invalid).toEqual([]);
}
