import { CommandOutcome, startTestBridge, type TestBridge, until } from '@regiobox/cloud-bridge/testing';
import { emitDailySummaries, systemClock } from '@regiobox/edge';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'dorfladen-grenz-1';
const DAY_MS = 86_400_000;

interface ReservationBody {
  pickupPin: string;
  parcels: { loadingCode: string }[];
}

describe('limits and daily summaries of a real station behind the bridge', () => {
  let t: TestBridge | undefined;
  let linked: LinkedStation | undefined;
  afterEach(async () => {
    await linked?.dispose();
    await t?.dispose();
    linked = undefined;
    t = undefined;
  });

  const online = async (bridge: TestBridge) =>
    until(
      'the station is online',
      async () => (await bridge.bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );

  it('an operator tightens the chilled limit through the API: the station applies it, audits it, and reports it to the bridge', async () => {
    t = await startTestBridge();
    const bridge = t;
    linked = await startLinkedStation(bridge, STATION);
    await online(bridge);

    const res = await bridge.api('PUT', `/v1/stations/${STATION}/thresholds`, {
      zone: 'chilled',
      limits: { upperCelsius: 5 },
      by: 'op-anna',
    });
    expect(res.status).toBe(200);
    expect(CommandOutcome.parse(await res.json())).toMatchObject({
      status: 'done',
      result: { zone: 'chilled' },
    });

    const { station } = linked;
    expect(station.monitor.zoneThresholds().chilled.upperCelsius).toBe(5);
    const audit = station.db
      .prepare("SELECT by, reason, detail FROM audit_log WHERE action = 'thresholds_set'")
      .all();
    expect(audit).toEqual([{ by: 'op-anna', reason: 'chilled', detail: '{"upperCelsius":5}' }]);
    // the birth is republished with the limits; the dashboard's chart draws them instead of 7 °C
    await until('the bridge knows the new limit', async () => {
      const s = await bridge.bridge.store.getStation(STATION);
      return s?.limits?.find((l) => l.compartment === 1)?.upperCelsius === 5;
    });

    const bad = await bridge.api('PUT', `/v1/stations/${STATION}/thresholds`, {
      zone: 'chilled',
      limits: { lowerCelsius: 4.5 },
      by: 'op-anna',
    });
    expect(bad.status).toBe(422);
    expect(station.monitor.zoneThresholds().chilled.lowerCelsius).toBe(0);
  });

  it("a station's daily summary arrives at the bridge, is stored, and the CSV has its numbers", async () => {
    t = await startTestBridge();
    const bridge = t;
    linked = await startLinkedStation(bridge, STATION);
    const { station, board } = linked;
    await online(bridge);

    const reserve = await bridge.api('POST', `/v1/stations/${STATION}/reservations`, {
      orderId: 'order-3001',
      parcels: [
        {
          parcelId: 'kaese',
          producer: 'Hof Sonnenwiese',
          zone: 'chilled',
          size: 'M',
          deadline: new Date(Date.now() + DAY_MS).toISOString(),
        },
      ],
    });
    expect(reserve.status).toBe(201);
    const r = (await reserve.json()) as ReservationBody;
    expect((await station.service.submitCode(r.parcels[0]?.loadingCode ?? '', 'keypad')).ok).toBe(true);
    board.openDoor(0);
    board.setOccupancy(0, true);
    board.closeDoor(0);
    await until('loaded', () => station.service.snapshot().some((c) => c.no === 1 && c.state === 'loaded'));
    expect((await station.service.submitCode(r.pickupPin, 'keypad')).ok).toBe(true);
    board.openDoor(0);
    board.setOccupancy(0, false);
    board.closeDoor(0);
    await until('picked up', () => station.service.snapshot().every((c) => c.state === 'free'));

    // the job runs after midnight: the first run marks today as the first day, the next one reports it
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const deps = {
      db: station.db,
      service: station.service,
      monitor: station.monitor,
      outbox: station.outbox,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    };
    emitDailySummaries(deps, now);
    expect(emitDailySummaries(deps, new Date(now.getTime() + DAY_MS))).toBe(1);

    const summaries = async () =>
      (await (await bridge.api('GET', `/v1/daily-summaries?from=${today}&to=${today}`)).json()) as {
        summaries: Record<string, unknown>[];
      };
    await until('the bridge stored the day', async () => (await summaries()).summaries.length === 1);
    const [day] = (await summaries()).summaries;
    expect(day).toMatchObject({
      stationId: STATION,
      day: today,
      loads: 1,
      pickups: 1,
      expiries: 0,
      excursions: 0,
      compartmentUse: [
        { zone: 'ambient', size: 'L', compartments: 1, loads: 0, pickups: 0 },
        { zone: 'chilled', size: 'M', compartments: 1, loads: 1, pickups: 1 },
      ],
    });
    expect(day?.uptimeMinutes).toBeGreaterThanOrEqual(1);

    const csv = await bridge.api(
      'GET',
      `/v1/daily-summaries.csv?from=${today}&to=${today}&stationId=${STATION}`,
    );
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row] = (await csv.text())
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    const cells = Object.fromEntries((header ?? []).map((h, i) => [h, row?.[i]]));
    expect(cells).toMatchObject({
      station_id: STATION,
      day: today,
      pickups: '1',
      loads: '1',
      expiries: '0',
      temperature_excursions: '0',
      ambient_L_compartments: '1',
      chilled_M_loads: '1',
      chilled_M_pickups: '1',
    });
  });
});
