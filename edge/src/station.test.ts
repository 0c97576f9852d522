import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReserveResult, ReserveResult as ReserveResultSchema } from '@regiobox/contract';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from './config/index.js';
import { systemClock } from './domain/clock.js';
import { commandFor } from './link/testing/commands.js';
import { TestMarketplace } from './link/testing/marketplace.js';
import { TestBroker } from './link/testing/test-broker.js';
import { until } from './link/testing/until.js';
import { type Station, startStation } from './station.js';

const PATH = '/dev/serial/by-id/usb-regiobox-board-if00';
const STATION = 'hofladen-7';

const configFor = (dataDir: string, brokerUrl: string) =>
  parseConfig({
    stationId: STATION,
    dataDir,
    compartments: [
      { no: 1, lockChannel: 0, doorInput: 0, size: 'S', zone: 'ambient', probes: [] },
      {
        no: 2,
        lockChannel: 1,
        doorInput: 1,
        size: 'M',
        zone: 'chilled',
        probes: ['chill'],
        location: 'middle row',
      },
      { no: 3, lockChannel: 2, doorInput: 2, size: 'L', zone: 'frozen', probes: ['freeze'] },
    ],
    probes: [
      { id: 'chill', boardIndex: 0 },
      { id: 'freeze', boardIndex: 1 },
    ],
    hardware: { driver: 'serial-board', path: PATH, heartbeatMs: 500 },
    mqtt: { url: brokerUrl, keepaliveSeconds: 10, telemetryIntervalSeconds: 5 },
  });

describe('a station on the simulated board, linked to a real broker', () => {
  let dir: string;
  let broker: TestBroker;
  let board: SimulatedBoard;
  let station: Station | undefined;
  let market: TestMarketplace | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-station-'));
    broker = await TestBroker.start();
    board = new SimulatedBoard({ lockChannels: 3, probes: 2, occupancySensors: [true, true, true] });
    board.setProbe(0, 4.5);
    board.setProbe(1, -20);
  });
  afterEach(async () => {
    await market?.close();
    await station?.stop();
    board.stop();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const binding = new SimulatedSerialBinding();
    binding.plug(PATH, board);
    station = await startStation(configFor(join(dir, 'data'), broker.url), {
      logger: pino({ level: 'silent' }),
      binding,
      kiosk: false,
      sampleIntervalMs: 200,
    });
    return station;
  };

  it('a reservation made over MQTT is loaded by the producer and collected by the customer; the marketplace hears every event once, in order', async () => {
    market = await TestMarketplace.connect(broker.url, STATION);
    const s = await start();
    await until('the station is online', () => market?.statuses.some((st) => st.state === 'online'));

    const reserve = commandFor(STATION, systemClock, {
      type: 'reserve',
      orderId: 'order-4711',
      parcels: [
        {
          parcelId: 'milk',
          producer: 'Hof Sonnenwiese',
          zone: 'chilled',
          size: 'S',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    });
    await market.send(reserve);
    const reply = await market.reply(reserve.id);
    expect(reply.ok).toBe(true);
    const result: ReserveResult = ReserveResultSchema.parse(reply.ok ? reply.result : {});
    // the chilled parcel goes to the only chilled compartment, even though it is bigger than needed
    expect(result.parcels).toEqual([expect.objectContaining({ parcelId: 'milk', compartment: 2 })]);

    // the producer types the loading code; compartment 2 (lock channel 1) pulses once
    const loading = await s.service.submitCode(result.parcels[0]?.loadingCode ?? '', 'keypad');
    expect(loading).toMatchObject({
      ok: true,
      purpose: 'loading',
      compartments: [{ no: 2, location: 'middle row' }],
    });
    expect(board.pulses().map((p) => p.channel)).toEqual([1]);
    expect(board.openDoor(1)).toBe(true);
    board.setOccupancy(1, true);
    board.closeDoor(1);
    await until(
      'the parcel is loaded',
      () => s.service.snapshot().find((c) => c.no === 2)?.state === 'loaded',
    );

    // a wrong PIN first, then the right one
    const wrong = await s.service.submitCode('0000000000', 'keypad');
    expect(wrong.ok).toBe(false);
    const pickup = await s.service.submitCode(result.pickupPin, 'keypad');

    expect(pickup).toMatchObject({ ok: true, purpose: 'pickup', compartments: [{ no: 2 }] });
    expect(board.pulses().map((p) => p.channel)).toEqual([1, 1]);
    expect(board.openDoor(1)).toBe(true);
    board.setOccupancy(1, false);
    board.closeDoor(1);
    await until(
      'the compartment is free again',
      () => s.service.snapshot().find((c) => c.no === 2)?.state === 'free',
    );

    const events = await until('the order is reported picked up', () => {
      const unique = market?.uniqueEvents() ?? [];
      return unique.some((e) => e.event.type === 'order.picked_up') ? unique : undefined;
    });
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const types = events
      .map((e) => e.event.type)
      .filter((t) => t !== 'alarm.raised' && t !== 'alarm.cleared');
    expect(types).toEqual(
      expect.arrayContaining([
        'order.reserved',
        'codes.issued',
        'compartment.unlocked',
        'parcel.loaded',
        'parcel.picked_up',
        'order.picked_up',
      ]),
    );
    expect(types.indexOf('parcel.loaded')).toBeLessThan(types.indexOf('parcel.picked_up'));
    const picked = events.find((e) => e.event.type === 'parcel.picked_up');
    // the pickup carries the cold chain of compartment 2 from loading to pickup
    expect(picked?.event.type === 'parcel.picked_up' && picked.event.coldChain).toMatchObject({
      compartment: 2,
      zone: 'chilled',
      maxCelsius: 4.5,
      breached: false,
    });
    // the clear codes left the station once, in codes.issued, and nowhere else
    const withPin = events.filter((e) => JSON.stringify(e).includes(result.pickupPin));
    expect(withPin.map((e) => e.event.type)).toEqual(['codes.issued']);
  });

  it('a duplicate reserve command returns the first reply and reserves nothing twice', async () => {
    market = await TestMarketplace.connect(broker.url, STATION);
    await start();
    await until('the station is online', () => market?.statuses.some((st) => st.state === 'online'));
    const reserve = commandFor(STATION, systemClock, {
      type: 'reserve',
      orderId: 'order-9',
      parcels: [
        {
          parcelId: 'bread',
          producer: 'Backstube',
          zone: 'ambient',
          size: 'S',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    });
    await market.send(reserve);
    const first = await market.reply(reserve.id);
    await market.send(reserve);
    const second = await market.reply(reserve.id, 1);
    // the repeated reply names the same compartments; the clear codes went out once and are not kept
    expect(second.ok && second.result).toMatchObject({
      orderId: 'order-9',
      parcels: [expect.objectContaining({ parcelId: 'bread', compartment: 1 })],
    });
    expect(JSON.stringify(second)).not.toContain(first.ok ? String(first.result.pickupPin) : 'x');
    await until('events delivered', () =>
      market?.uniqueEvents().some((e) => e.event.type === 'codes.issued'),
    );
    expect(market.uniqueEvents().filter((e) => e.event.type === 'order.reserved')).toHaveLength(1);
  });
});
