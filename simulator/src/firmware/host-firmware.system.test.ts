import { afterEach, beforeAll, describe, it } from 'vitest';
import { BoardProcess } from './testing/board-process.js';
import { buildFirmware, HOST_BOARD } from './testing/firmware-build.js';
import {
  probesReportTemperatures,
  reserveLoadPickup,
  watchdogReleasesWhenTheStationGoesSilent,
} from './testing/station-flows.js';
import { StationOnBoard } from './testing/station-on-board.js';

/** The real station, serial-board driver, on the pseudo-terminal of the C firmware built for Linux. */
const rigs: StationOnBoard[] = [];

beforeAll(() => buildFirmware('host'));

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.close();
    await rig.board.stop();
  }
});

async function startRig(boardArgs: string[], options: ConstructorParameters<typeof StationOnBoard>[1] = {}) {
  const board = await BoardProcess.start(
    HOST_BOARD,
    ['--locks', '3', '--doors', '3', '--probes', '2', '--occupancy', '0,1,2', ...boardArgs],
    { reportsWatchdog: true },
  );
  const rig = new StationOnBoard(board, options);
  rigs.push(rig);
  return rig;
}

describe('the station on the C reference firmware (host build)', () => {
  it('a chilled parcel is reserved, loaded by the producer and collected by the customer', async () => {
    const rig = await startRig([]);
    await rig.start();
    await reserveLoadPickup(rig);
  });

  it('when the station hangs after an unlock, the board drops the solenoid after its 1 s watchdog', async () => {
    const rig = await startRig(['--watchdog', '1000'], { heartbeatMs: 300, pulseMs: 2000 });
    await rig.start();
    await watchdogReleasesWhenTheStationGoesSilent(rig, 3000);
  });

  it('reports the probes: temperatures, then a probe with a bad CRC and an unplugged one', async () => {
    const rig = await startRig([]);
    await probesReportTemperatures(rig);
  });
});
