import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StatusMessage, stationTopics } from '@regiobox/contract';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { readRetained, TestMarketplace } from '../link/testing/marketplace.js';
import { TestMosquitto } from '../link/testing/mosquitto.js';
import { until } from '../link/testing/until.js';
import { StartupError, startStation } from '../station.js';
import { FaultRig, STATION } from './testing/fault-rig.js';
import { BrokerGate } from './testing/gate.js';
import { allDelivered, bodies, latestStatus } from './testing/market-view.js';

const topics = stationTopics(STATION);

describe('fault: the station boots with parts missing', () => {
  let mosquitto: TestMosquitto | undefined;
  let gate: BrokerGate | undefined;
  let market: TestMarketplace | undefined;
  let rig: FaultRig | undefined;

  afterEach(async () => {
    await rig?.close();
    await market?.close();
    await gate?.close();
    await mosquitto?.close();
    rig = undefined;
    market = undefined;
    gate = undefined;
    mosquitto = undefined;
  });

  it('starts without broker, serial device and a probe, serves what it can, and heals part by part, saying so each time', async () => {
    mosquitto = await TestMosquitto.start();
    gate = await BrokerGate.start(mosquitto.port);
    await mosquitto.kill(); // the broker is down when the station boots
    rig = new FaultRig({ brokerUrl: gate.url });
    rig.board.setProbeStatus(1, 'missing'); // the freezer probe's cable is loose
    // and the USB adapter is not plugged in: the configured device path does not exist

    const station = await rig.start();
    expect(station.health()).toMatchObject({ board: 'unreachable', storage: 'ok', clock: 'synced' });
    expect((await rig.kioskStatus()).outOfService).toEqual({ reason: 'BOARD_UNREACHABLE' });
    // the marketplace's reservation can only come later; a local one works offline already
    const order = await station.service.reserve({
      orderId: 'order-9',
      parcels: [{ parcelId: 'ice', producer: 'Eismanufaktur', zone: 'frozen', size: 'L' }],
    });
    const loading = order.parcels[0]?.loadingCode ?? '';
    expect(await station.service.submitCode(loading, 'keypad')).toMatchObject({
      ok: false,
      reason: 'BOARD_UNREACHABLE',
    });
    await until('board_unreachable raised (waiting in the outbox)', () =>
      station.monitor.alarms.active().some((a) => a.kind === 'board_unreachable'),
    );

    // 1. the broker comes back: the marketplace learns at once what is missing
    gate.shut();
    await mosquitto.restart();
    market = await TestMarketplace.connect(mosquitto.url, STATION);
    gate.reopen();
    await until('online', () => station.link?.state === 'online', 15_000);
    const url = mosquitto.url;
    const birth = StatusMessage.parse(JSON.parse(await readRetained(url, topics.status)));
    expect(birth).toMatchObject({ state: 'online', health: { board: 'unreachable' } });
    await until('the board alarm at the marketplace', () =>
      bodies(market?.events ?? [], 'alarm.raised').some((a) => a.kind === 'board_unreachable'),
    );

    // 2. the adapter is plugged in: the board is found, the doors read, the missing probe reported
    await rig.plugBoard();
    await until('the board back in the birth, with the missing probe', () => {
      const h = latestStatus([market as TestMarketplace])?.health;
      return h?.board === 'ok' && h.probesFaulty.includes('freeze');
    });
    expect((await rig.kioskStatus()).outOfService).toBeNull();
    await until('probe_missing for the freezer', () =>
      bodies(market?.events ?? [], 'alarm.raised').some(
        (a) => a.kind === 'probe_missing' && a.probeId === 'freeze',
      ),
    );
    // the producer's loading code was kept: it works now
    expect(await rig.enterCode(loading)).toMatchObject({ ok: true, compartments: [{ no: 3 }] });
    await rig.useDoor(3, true, 'loaded');

    // 3. the probe's cable is fixed
    rig.board.setProbeStatus(1, 'ok');
    await until('no faulty probe in the birth', () => {
      const h = latestStatus([market as TestMarketplace])?.health;
      return h?.board === 'ok' && h.probesFaulty.length === 0;
    });

    const events = await allDelivered([market], station);
    const cleared = bodies(events, 'alarm.cleared').map((a) => a.kind);
    expect(cleared).toEqual(expect.arrayContaining(['board_unreachable', 'probe_missing']));
    expect(bodies(events, 'parcel.loaded').map((p) => p.parcelId)).toEqual(['ice']);
    expect(rig.pulsedChannels()).toEqual([2]);
  });

  it('an unusable data directory stops it with a clear message', async () => {
    rig = new FaultRig({ brokerUrl: 'mqtt://127.0.0.1:1' });
    const file = join(rig.dir, 'not-a-dir');
    writeFileSync(file, '');
    const start = startStation(
      { ...rig.config, dataDir: join(file, 'data') },
      { logger: pino({ level: 'silent' }), kiosk: false },
    );
    await expect(start).rejects.toBeInstanceOf(StartupError);
    await expect(start).rejects.toMatchObject({
      code: 'DATA_DIR_UNUSABLE',
      message: expect.stringContaining('cannot be created'),
    });
  });
});
