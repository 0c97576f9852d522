import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BoardProcess } from './board-process.js';
import { AVR_ELF, AVR_ELF_WATCHDOG_1S, buildFirmware, SIMAVR_RUNNER } from './firmware-build.js';
import { reserveLoadPickup, watchdogReleasesWhenTheStationGoesSilent } from './station-flows.js';
import { StationOnBoard, until } from './station-on-board.js';

/**
 * The real station on the AVR build of the firmware, running on an emulated ATmega2560 in simavr:
 * the same bytes a flashed Arduino Mega 2560 runs, its USART0 on a pseudo-terminal, its door and
 * occupancy pins driven through simavr's IRQs.
 */
const rigs: StationOnBoard[] = [];

beforeAll(() => buildFirmware('simavr'));

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.close();
    await rig.board.stop();
  }
});

async function startRig(elf: string, options: ConstructorParameters<typeof StationOnBoard>[1] = {}) {
  const board = await BoardProcess.start(SIMAVR_RUNNER, [elf], { reportsWatchdog: false });
  const rig = new StationOnBoard(board, options);
  rigs.push(rig);
  return rig;
}

describe('the station on the AVR firmware in simavr', () => {
  it('a chilled parcel is reserved, loaded by the producer and collected by the customer', async () => {
    const rig = await startRig(AVR_ELF);
    await rig.start();
    await reserveLoadPickup(rig);
  });

  it('when the station hangs after an unlock, the MCU drops the solenoid after its 1 s watchdog', async () => {
    const rig = await startRig(AVR_ELF_WATCHDOG_1S, { heartbeatMs: 300, pulseMs: 2000 });
    await rig.start();
    await watchdogReleasesWhenTheStationGoesSilent(rig, 3000);
  });

  it('reports its four probe slots as missing: simavr has no DS18B20 on the one-wire pins', async () => {
    const rig = await startRig(AVR_ELF);
    const station = await rig.start();
    await until('the board to be reachable', () => station.hardware.health().reachable);
    // a conversion cycle has run: the reset pulse on each bus found no presence pulse
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await station.hardware.thermometers.read()).toEqual([
      { probeId: 'chill', celsius: null, status: 'missing' },
      { probeId: 'freeze', celsius: null, status: 'missing' },
    ]);
  });
});
