import { ModbusRelayConfig } from '@regiobox/hardware-api';
import { SimulatedRelayBoard } from '@regiobox/simulated-devices';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { TestMarketplace } from '../../link/testing/marketplace.js';
import { TestBroker } from '../../link/testing/test-broker.js';
import { type LockerDevice, LockerRig } from '../test-support/locker-rig.js';
import { lockerStory } from '../test-support/locker-story.js';

function relayLockers(board: SimulatedRelayBoard): LockerDevice {
  return Object.assign(board, { pulsedChannels: () => board.pulses().map((p) => p.relay) });
}

describe('a station with a Waveshare Modbus RTU Relay board over a real PTY (modbus-serial, socat)', () => {
  let broker: TestBroker;
  let market: TestMarketplace;
  let rig: LockerRig;
  let board: SimulatedRelayBoard;

  beforeEach(async () => {
    broker = await TestBroker.start();
    market = await TestMarketplace.connect(broker.url, 'hofladen-7');
    board = new SimulatedRelayBoard({ springOpen: true });
    rig = new LockerRig(
      relayLockers(board),
      (path, oneWirePath) =>
        ModbusRelayConfig.parse({ driver: 'modbus-relay', path, pollMs: 200, oneWirePath }),
      broker.url,
    );
    await rig.plugBoard();
  });
  afterEach(async () => {
    await rig.close();
    board.stop();
    await market.close();
    await broker.close();
  });

  it('reserve → load → unplug (board unreachable, PIN kept) → replug (back within 3 s) → pickup', async () => {
    await lockerStory(rig, market);
  });
});
