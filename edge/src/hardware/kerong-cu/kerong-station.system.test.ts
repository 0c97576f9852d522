import { KerongCuConfig } from '@regiobox/hardware-api';
import { SimulatedKerongBus } from '@regiobox/simulated-devices';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { TestMarketplace } from '../../link/testing/marketplace.js';
import { TestBroker } from '../../link/testing/test-broker.js';
import { type LockerDevice, LockerRig } from '../test-support/locker-rig.js';
import { lockerStory } from '../test-support/locker-story.js';

/** The Kerong bus as the rig sees it: channels are the boards' locks in cascade order. */
function kerongLockers(bus: SimulatedKerongBus): LockerDevice {
  return Object.assign(bus, { pulsedChannels: () => bus.pulses().map((p) => p.channel) });
}

describe('a station with a Kerong KR-CU16 board over a real PTY (socat, serialport native bindings)', () => {
  let broker: TestBroker;
  let market: TestMarketplace;
  let rig: LockerRig;
  let bus: SimulatedKerongBus;

  beforeEach(async () => {
    broker = await TestBroker.start();
    market = await TestMarketplace.connect(broker.url, 'hofladen-7');
    bus = new SimulatedKerongBus({ boards: [0], springOpen: true, unlockTimeMs: 300 });
    rig = new LockerRig(
      kerongLockers(bus),
      (path, oneWirePath) => KerongCuConfig.parse({ driver: 'kerong-cu', path, pollMs: 200, oneWirePath }),
      broker.url,
    );
    await rig.plugBoard();
  });
  afterEach(async () => {
    await rig.close();
    bus.stop();
    await market.close();
    await broker.close();
  });

  it('reserve → load → unplug (board unreachable, PIN kept) → replug (back within 3 s) → pickup', async () => {
    await lockerStory(rig, market);
  });
});
