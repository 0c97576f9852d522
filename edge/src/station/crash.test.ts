import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReserveResult } from './api.js';
import { producerLoads, pullOpen, shut } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';
import { until } from './testing/until.js';

/** A power cut between unlock and door-close, at every step, ends in one consistent recorded state. */
describe('crash between unlock and door-close', () => {
  let f: StationFixture;
  let r: ReserveResult;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
  });
  afterEach(() => f.close());

  const pickedUpExactlyOnce = () => {
    expect(f.parcel('O-1', 'milk')?.state).toBe('picked_up');
    expect(f.orderStatus('O-1')).toBe('picked_up');
    expect(f.eventsOf('parcel.picked_up')).toHaveLength(1);
    expect(f.eventsOf('order.picked_up')).toHaveLength(1);
    expect(f.pendingUnlocks()).toEqual([]);
    expect(f.station.snapshot().find((c) => c.no === 4)).toMatchObject({ state: 'free', doorOpen: false });
  };

  it('door open when the power went: after restart the customer closes it and the pickup is recorded once', async () => {
    await f.station.submitCode(r.pickupPin, 'keypad');
    await pullOpen(f, 4);
    f.crash();
    f.hw.setOccupied(f.input(4), false); // the customer takes the milk during the outage
    await f.restart();
    expect(f.hw.releaseAllCount).toBe(2);
    expect(f.pendingUnlocks()).toEqual([{ compartment_no: 4, status: 'opened' }]);
    await shut(f, 4, false);
    pickedUpExactlyOnce();
  });

  it('door opened and closed during the outage: reconciled at start from the door switch', async () => {
    await f.station.submitCode(r.pickupPin, 'keypad');
    await pullOpen(f, 4);
    f.crash();
    f.hw.setOccupied(f.input(4), false);
    f.hw.closeDoor(f.input(4));
    await f.restart();
    pickedUpExactlyOnce();
    const doorEvents = f.eventsOf('compartment.door').filter((e) => e.compartment === 4);
    expect(doorEvents.map((e) => e.open)).toEqual([true, false, true, false]); // loading, then pickup
  });

  it('crash after the confirmed pulse, door never opened: nothing happened and the PIN works again', async () => {
    await f.station.submitCode(r.pickupPin, 'keypad');
    f.crash();
    f.hw.relatch(f.input(4));
    await f.restart();
    expect(f.pendingUnlocks()).toEqual([]);
    expect(f.parcel('O-1', 'milk')?.state).toBe('loaded');
    expect(
      f.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unlock_not_used'").get(),
    ).toEqual({ n: 1 });
    const again = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(again).toMatchObject({ ok: true, compartments: [{ no: 4 }] });
    await pullOpen(f, 4);
    await shut(f, 4, false);
    pickedUpExactlyOnce();
  });

  it('crash after the confirmed pulse, door opened and shut while down: the empty compartment tells', async () => {
    await f.station.submitCode(r.pickupPin, 'keypad');
    f.crash();
    f.hw.pullDoor(f.input(4));
    f.hw.setOccupied(f.input(4), false);
    f.hw.closeDoor(f.input(4));
    await f.restart();
    pickedUpExactlyOnce();
  });

  it('crash while the pulse was in flight: the door stayed shut, the code was never used', async () => {
    f.hw.hangNextPulse(false);
    void f.station.submitCode(r.pickupPin, 'keypad');
    await until(() => f.pendingUnlocks().length === 1, 'pending unlock recorded');
    expect(f.pendingUnlocks()).toEqual([{ compartment_no: 4, status: 'pulsing' }]);
    f.crash();
    await f.restart();
    expect(f.pendingUnlocks()).toEqual([]);
    expect(f.parcel('O-1', 'milk')?.state).toBe('loaded');
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
  });

  it('crash while the pulse was in flight but it fired and the door opened: picked up once', async () => {
    f.hw.hangNextPulse(true);
    void f.station.submitCode(r.pickupPin, 'keypad');
    await until(() => f.hw.isUnlatched(f.input(4)), 'solenoid fired');
    expect(f.pendingUnlocks()).toEqual([{ compartment_no: 4, status: 'pulsing' }]);
    f.crash();
    expect(f.hw.pullDoor(f.input(4))).toBe(true);
    f.hw.setOccupied(f.input(4), false);
    await f.restart();
    expect(f.parcel('O-1', 'milk')?.state).toBe('picked_up');
    await shut(f, 4, false);
    pickedUpExactlyOnce();
  });

  it('a door found open at start without any unlock is reported as forced', async () => {
    f.crash();
    f.hw.forceDoor(f.input(4));
    await f.restart();
    expect(f.notices.some((n) => n.type === 'door_forced' && n.compartment === 4)).toBe(true);
    expect(f.parcel('O-1', 'milk')?.state).toBe('loaded');
  });

  it('with the board missing at start, reconciliation waits and runs when the board comes back', async () => {
    await f.station.submitCode(r.pickupPin, 'keypad');
    await pullOpen(f, 4);
    f.crash();
    f.hw.setOccupied(f.input(4), false);
    f.hw.closeDoor(f.input(4));
    f.hw.setReachable(false);
    await f.restart();
    expect(f.pendingUnlocks()).toEqual([{ compartment_no: 4, status: 'opened' }]);
    f.hw.setReachable(true);
    await until(() => f.pendingUnlocks().length === 0, 'reconciled after reconnect');
    pickedUpExactlyOnce();
  });
});
