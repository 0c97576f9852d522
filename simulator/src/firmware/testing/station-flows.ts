import { expect } from 'vitest';
import { freezeStation, type StationOnBoard, until } from './station-on-board.js';

/**
 * What every board must carry a station through, whichever build of the firmware runs it: a producer
 * loads a chilled parcel into compartment 2 (lock channel 1, door input 1) and the customer collects
 * it; the station sees every door change through the board's DOOR_EVENTs.
 */
export async function reserveLoadPickup(rig: StationOnBoard): Promise<void> {
  const { station, board } = { station: rig.station, board: rig.board };
  const doorChanges: Array<{ input: number; open: boolean }> = [];
  station.hardware.doors.onChange((change) => doorChanges.push({ input: change.input, open: change.open }));
  await until('the board to be reachable', () => station.hardware.health().reachable);
  expect(station.hardware.health()).toMatchObject({ firmware: '1.0.0', occupancySensors: true });

  const reservation = await station.service.reserve({
    orderId: 'order-4711',
    parcels: [{ parcelId: 'milk', producer: 'Hof Sonnenwiese', zone: 'chilled', size: 'S' }],
  });
  expect(reservation.parcels).toEqual([expect.objectContaining({ parcelId: 'milk', compartment: 2 })]);

  // the producer types the loading code: lock channel 1 pulses once, for the configured 400 ms
  const loading = await station.service.submitCode(reservation.parcels[0]?.loadingCode ?? '', 'keypad');
  expect(loading).toMatchObject({
    ok: true,
    purpose: 'loading',
    compartments: [{ no: 2, outcome: 'confirmed' }],
  });
  const pulse = await until('the loading pulse to end', () => pulseOf(rig, 0));
  expect(pulse.channel).toBe(1);
  // the board counts whole milliseconds: a pulse begun just before a tick ends up to 1 ms short
  expect(pulse.lengthMs).toBeGreaterThanOrEqual(399);
  expect(pulse.lengthMs).toBeLessThan(450);

  await board.door(1, true);
  await until('door 2 seen open', () => rig.compartment(2)?.doorOpen === true);
  await board.occupied(1, true);
  await board.door(1, false);
  await until('compartment 2 loaded', () => rig.compartment(2)?.state === 'loaded');
  expect(rig.compartment(2)).toMatchObject({ doorOpen: false, occupied: true });

  const wrong = await station.service.submitCode('0000000000', 'keypad');
  expect(wrong.ok).toBe(false);
  const pickup = await station.service.submitCode(reservation.pickupPin, 'keypad');
  expect(pickup).toMatchObject({ ok: true, purpose: 'pickup', compartments: [{ no: 2 }] });
  await until('the pickup pulse to end', () => pulseOf(rig, 1));
  expect(board.pulsedChannels()).toEqual([1, 1]);

  await board.door(1, true);
  await until('door 2 seen open again', () => rig.compartment(2)?.doorOpen === true);
  await board.occupied(1, false);
  await board.door(1, false);
  await until('compartment 2 free again', () => rig.compartment(2)?.state === 'free');
  expect(doorChanges).toEqual([
    { input: 1, open: true },
    { input: 1, open: false },
    { input: 1, open: true },
    { input: 1, open: false },
  ]);
  expect(board.pulsedChannels()).toEqual([1, 1]);
}

/**
 * The station hangs right after an unlock, as a crashed process would: the board's host-silence
 * watchdog (1 s) must drop the 2 s pulse early, and the board serves the station again when it is back.
 */
export async function watchdogReleasesWhenTheStationGoesSilent(
  rig: StationOnBoard,
  frozenMs: number,
): Promise<void> {
  const { station, board } = { station: rig.station, board: rig.board };
  await until('the board to be reachable', () => station.hardware.health().reachable);
  const reservation = await station.service.reserve({
    orderId: 'order-hang',
    parcels: [{ parcelId: 'bread', producer: 'Backstube', zone: 'ambient', size: 'S' }],
  });
  const loading = await station.service.submitCode(reservation.parcels[0]?.loadingCode ?? '', 'keypad');
  expect(loading).toMatchObject({ ok: true, compartments: [{ no: 1, outcome: 'confirmed' }] });
  freezeStation(frozenMs);

  const pulse = await until('the pulse to end', () => pulseOf(rig, 0));
  expect(pulse.channel).toBe(0);
  // without the watchdog the solenoid would have stayed on for the full 2000 ms
  expect(pulse.lengthMs).toBeGreaterThanOrEqual(900);
  expect(pulse.lengthMs).toBeLessThan(1500);
  if (board.reportsWatchdog) expect(board.watchdogReleases).toBe(1);

  // the station is back: its heartbeats feed the watchdog again and doors still report
  await until('the board to be reachable again', () => station.hardware.health().reachable);
  await board.door(0, true);
  await until('door 1 seen open', () => rig.compartment(1)?.doorOpen === true);
  await board.door(0, false);
  await until('door 1 seen shut', () => rig.compartment(1)?.doorOpen === false);
  expect(await board.locks()).not.toContain(true);
}

/**
 * Probe slot 0 (chill) and 1 (freeze) read 4.5 °C and −20 °C through the board's DS18B20 code; then
 * slot 0 answers with a bad CRC (fault) and slot 1 is unplugged (missing).
 */
export async function probesReportTemperatures(rig: StationOnBoard): Promise<void> {
  await rig.board.probe(0, 4.5);
  await rig.board.probe(1, -20);
  const station = await rig.start();
  // the first conversion completes within a second or two of the board's start
  const first = await until('both probes to report a temperature', async () => {
    const now = await station.hardware.thermometers.read().catch(() => []);
    return now.length > 0 && now.every((r) => r.status === 'ok') ? now : undefined;
  });
  expect(first).toEqual([
    { probeId: 'chill', celsius: 4.5, status: 'ok' },
    { probeId: 'freeze', celsius: -20, status: 'ok' },
  ]);

  await rig.board.probe(0, 'fault');
  await rig.board.probe(1, 'missing');
  const readings = await until('both probes to report their trouble', async () => {
    const now = await station.hardware.thermometers.read();
    return now.every((r) => r.status !== 'ok') ? now : undefined;
  });
  expect(readings).toEqual([
    { probeId: 'chill', celsius: null, status: 'fault' },
    { probeId: 'freeze', celsius: null, status: 'missing' },
  ]);
}

/** The n-th completed pulse (on, then off) in the board's output log. */
function pulseOf(rig: StationOnBoard, n: number): { channel: number; lengthMs: number } | undefined {
  const changes = rig.board.lockChanges;
  const ons = changes.filter((c) => c.on);
  const on = ons[n];
  if (!on) return undefined;
  const off = changes.find(
    (c) => !c.on && c.channel === on.channel && c.atMs >= on.atMs && changes.indexOf(c) > changes.indexOf(on),
  );
  return off ? { channel: on.channel, lengthMs: off.atMs - on.atMs } : undefined;
}
