import type { EventBody } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReserveResult } from './api.js';
import { producerLoads } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';
import { until } from './testing/until.js';

/**
 * The station is killed after the board pulsed and before the confirmation was recorded. The
 * marketplace must still hear of that pulse: one `compartment.unlocked` with `outcome: unknown`,
 * whatever the door did meanwhile, and never a second one on a later restart.
 */
describe('every pulse the station asked for is reported once', () => {
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

  const killedMidPulse = async (fired: boolean) => {
    f.hw.hangNextPulse(fired);
    void f.station.submitCode(r.pickupPin, 'keypad');
    await until(() => f.pendingUnlocks().length === 1, 'pending unlock recorded');
    if (fired) await until(() => f.hw.isUnlatched(f.input(4)), 'solenoid fired');
    f.crash();
  };
  const pickupUnlocks = () => f.eventsOf('compartment.unlocked').filter((e) => e.reason === 'pickup');
  const reportedUnknown = {
    type: 'compartment.unlocked',
    compartment: 4,
    reason: 'pickup',
    orderId: 'O-1',
    tenant: 'default',
    by: null,
    outcome: 'unknown',
  } satisfies EventBody;

  it('killed after the pulse, door used while down: the unlock is reported with the pickup, once', async () => {
    await killedMidPulse(true);
    f.hw.pullDoor(f.input(4));
    f.hw.setOccupied(f.input(4), false);
    f.hw.closeDoor(f.input(4));
    await f.restart();
    expect(f.parcel('O-1', 'milk')?.state).toBe('picked_up');
    expect(pickupUnlocks()).toEqual([reportedUnknown]);
    // reported before what the door did, as it happened
    const types = f.events().map((e) => e.type);
    expect(types.lastIndexOf('compartment.unlocked')).toBeLessThan(types.indexOf('parcel.picked_up'));
    f.crash();
    await f.restart();
    expect(pickupUnlocks()).toHaveLength(1);
  });

  it('killed after the pulse, door found open at restart: the unlock is reported once', async () => {
    await killedMidPulse(true);
    f.hw.pullDoor(f.input(4));
    await f.restart();
    expect(pickupUnlocks()).toEqual([reportedUnknown]);
    f.crash();
    await f.restart();
    expect(pickupUnlocks()).toHaveLength(1);
  });

  it('killed before the board answered, door shut: the unlock is reported as unknown and the PIN stays valid', async () => {
    await killedMidPulse(false);
    await f.restart();
    expect(pickupUnlocks()).toEqual([reportedUnknown]);
    expect(f.pendingUnlocks()).toEqual([]);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
  });
});
