import { type Logger, pino } from 'pino';
import type { StationConfigInput } from '../../config/schema.js';
import type { ReserveResult } from '../../station/api.js';
import { StationFixture } from '../../station/testing/station-fixture.js';
import { type Kiosk, startKiosk } from '../server.js';

/**
 * Compartment numbers differ from lock channels on purpose, so that a mix-up opens a visibly wrong
 * door. Two chilled compartments of different sizes make the allocation's choice matter.
 */
export const KIOSK_TEST_COMPARTMENTS: StationConfigInput['compartments'] = [
  { no: 5, lockChannel: 0, doorInput: 0, size: 'M', zone: 'ambient', location: 'obere Reihe, 1. von links' },
  { no: 6, lockChannel: 1, doorInput: 1, size: 'M', zone: 'chilled', location: 'obere Reihe, 2. von links' },
  { no: 7, lockChannel: 2, doorInput: 2, size: 'L', zone: 'chilled', location: 'obere Reihe, 3. von links' },
  { no: 8, lockChannel: 3, doorInput: 3, size: 'S', zone: 'frozen', location: 'untere Reihe, rechts' },
];

export interface KioskStation {
  readonly kiosk: Kiosk;
  /** the real station core on a real SQLite file (see station/testing/station-fixture.ts) */
  readonly fixture: StationFixture;
  /** the simulator's in-memory station hardware */
  readonly hardware: StationFixture['hw'];
  /** the storage half of the health the kiosk reads; the board half comes from the hardware */
  setStorageOk(ok: boolean): void;
  /** lock channel = door input of a compartment on the simulated hardware */
  channelOf(no: number): number;
  close(): Promise<void>;
}

/** The whole station behind its kiosk, listening on 127.0.0.1, port 0. */
export const startKioskStation = async (
  options: { logger?: Logger; maskPin?: boolean } = {},
): Promise<KioskStation> => {
  const fixture = new StationFixture({ compartments: KIOSK_TEST_COMPARTMENTS });
  const station = await fixture.start();
  let storageOk = true;
  const kiosk = await startKiosk({
    api: station,
    port: 0,
    logger: options.logger ?? pino({ level: 'silent' }),
    stationId: fixture.config.stationId,
    stationName: 'Dorfladen Lübben',
    contact: '03546 12 34 56',
    maskPin: options.maskPin ?? false,
    health: () => ({ boardReachable: fixture.hw.health().reachable, storageOk }),
    now: () => fixture.clock.current.now(),
    events: station.events,
  });
  return {
    kiosk,
    fixture,
    hardware: fixture.hw,
    setStorageOk: (ok) => {
      storageOk = ok;
      station.events.emit('health.changed', { part: 'storage', ok });
    },
    channelOf: (no) => fixture.input(no),
    close: async () => {
      await kiosk.close();
      await fixture.close();
    },
  };
};

/** Reserves an order with one parcel per zone given; returns the codes the marketplace would get. */
export const reserveOrder = (
  station: KioskStation,
  orderId: string,
  parcels: readonly { parcelId: string; producer: string; zone: 'ambient' | 'chilled' | 'cold' | 'frozen' }[],
): Promise<ReserveResult> =>
  station.fixture.station.reserve({
    orderId,
    parcels: parcels.map((p) => ({ ...p, size: 'S' as const })),
  });

/**
 * A producer loads a parcel at the station: loading code, the door opens, goods in, door shut.
 * Resolves once the station has registered the load.
 */
export const loadParcel = async (station: KioskStation, loadingCode: string, compartment: number) => {
  const outcome = await station.fixture.station.submitCode(loadingCode, 'keypad');
  if (!outcome.ok) throw new Error(`loading refused: ${outcome.reason}`);
  const channel = station.channelOf(compartment);
  if (!station.hardware.pullDoor(channel)) throw new Error(`door of ${compartment} did not open`);
  station.hardware.setOccupied(channel, true);
  await until(`compartment ${compartment} open`, () => snapshotOf(station, compartment)?.doorOpen === true);
  station.hardware.closeDoor(channel);
  await until(
    `compartment ${compartment} loaded`,
    () => snapshotOf(station, compartment)?.state === 'loaded',
  );
};

export const snapshotOf = (station: KioskStation, no: number) =>
  station.fixture.station.snapshot().find((c) => c.no === no);

/** Polls until `check` gives a value; the machine is shared, so deadlines are generous. */
export const until = async <T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
