import { afterEach, beforeAll, describe, it } from 'vitest';
import { BoardProcess } from './testing/board-process.js';
import { AVR_ELF, AVR_ELF_WATCHDOG_1S, buildFirmware, SIMAVR_RUNNER } from './testing/firmware-build.js';
import {
  probesReportTemperatures,
  reserveLoadPickup,
  watchdogReleasesWhenTheStationGoesSilent,
} from './testing/station-flows.js';
import { StationOnBoard } from './testing/station-on-board.js';

/**
 * The real station on the AVR build of the firmware, running on an emulated ATmega2560 in simavr:
 * the same bytes a flashed Arduino Mega 2560 runs, its USART0 on a pseudo-terminal, its door and
 * occupancy pins driven through simavr's IRQs, DS18B20s answering the firmware's one-wire time slots.
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

  it('reads the DS18B20s on its one-wire pins: temperatures, then a bad CRC and an unplugged probe', async () => {
    const rig = await startRig(AVR_ELF);
    await probesReportTemperatures(rig);
  });
});
