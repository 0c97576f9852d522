import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusMessage, stationTopics } from '@regiobox/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../domain/clock.js';
import { commandFor, serviceOpenBody } from '../link/testing/commands.js';
import { readRetained, TestMarketplace } from '../link/testing/marketplace.js';
import { TestMosquitto } from '../link/testing/mosquitto.js';
import { TcpProxy } from '../link/testing/tcp-proxy.js';
import { until } from '../link/testing/until.js';
import { FaultRig, STATION } from './testing/fault-rig.js';
import { BrokerGate } from './testing/gate.js';
import { allDelivered, bodies, oneTo, seqs } from './testing/market-view.js';

const topics = stationTopics(STATION);

describe('fault: the link to the marketplace fails', () => {
  let mosquitto: TestMosquitto | undefined;
  let rig: FaultRig | undefined;
  const markets: TestMarketplace[] = [];
  const closers: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await rig?.close();
    for (const m of markets.splice(0)) await m.close();
    for (const c of closers.splice(0).reverse()) await c();
    await mosquitto?.close();
    rig = undefined;
    mosquitto = undefined;
  });

  it('Mosquitto restarted without persistence: pickups go on offline, and afterwards every event arrives once, in order, with the time it happened', async () => {
    mosquitto = await TestMosquitto.start();
    const gate = await BrokerGate.start(mosquitto.port);
    closers.push(() => gate.close());
    markets.push(await TestMarketplace.connect(mosquitto.url, STATION, 'market-before'));
    rig = new FaultRig({ brokerUrl: gate.url });
    await rig.plugBoard();
    const station = await rig.start();
    await until('online', () => station.link?.state === 'online');
    const order = await station.service.reserve({
      orderId: 'order-17',
      parcels: [{ parcelId: 'cheese', producer: 'Käserei Wolf', zone: 'chilled', size: 'S' }],
    });
    expect(await rig.enterCode(order.parcels[0]?.loadingCode ?? '')).toMatchObject({ ok: true });
    await rig.useDoor(2, true, 'loaded');
    await until(
      'the load at the marketplace',
      () => bodies(markets[0]?.events ?? [], 'parcel.loaded').length === 1,
    );
    const sessionBefore = station.link?.currentSession?.session ?? 0;

    await mosquitto.kill();
    await until('the station notices', () => station.link?.state !== 'online');
    // the customer comes while the broker is down: the PIN works offline, the kiosk says nothing is wrong
    expect((await rig.kioskStatus()).outOfService).toBeNull();
    const pickupStartedAt = Date.now();
    expect(await rig.enterCode(order.pickupPin)).toMatchObject({ ok: true, compartments: [{ no: 2 }] });
    await rig.useDoor(2, false, 'free');
    const waiting = station.outbox.size().events;
    expect(waiting).toBeGreaterThanOrEqual(4); // unlocked, door open, picked up, door closed, order done

    // the broker comes back empty; the station is held at the gate until the marketplace listens again
    gate.shut();
    await mosquitto.restart();
    markets.push(await TestMarketplace.connect(mosquitto.url, STATION, 'market-after'));
    const brokerBackAt = Date.now();
    gate.reopen();
    await until('the station back with a new session', () => {
      const session = station.link?.currentSession?.session ?? 0;
      return station.link?.state === 'online' && session > sessionBefore;
    });
    const events = await allDelivered(markets, station);
    expect(seqs(events)).toEqual(oneTo(events.length));
    expect(bodies(events, 'order.picked_up')).toHaveLength(1);
    const pickup = events.filter((e) => e.seq > events.length - waiting);
    expect(pickup.map((e) => e.event.type)).toEqual(
      expect.arrayContaining([
        'compartment.unlocked',
        'compartment.door',
        'parcel.picked_up',
        'order.picked_up',
      ]),
    );
    // stamped when they happened, not when they were sent
    for (const e of pickup) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(pickupStartedAt - 1000);
      expect(Date.parse(e.at)).toBeLessThan(brokerBackAt);
    }
    // the retained birth and state are whole again on the empty broker
    const url = mosquitto.url;
    const status = StatusMessage.parse(JSON.parse(await readRetained(url, topics.status)));
    expect(status).toMatchObject({
      state: 'online',
      health: { board: 'ok', storage: 'ok', clock: 'synced' },
    });
    expect(status.session).toBeGreaterThan(sessionBefore);
    expect(JSON.parse(await readRetained(url, topics.state))).toMatchObject({
      lastSeq: station.outbox.lastSeq(),
      compartments: expect.arrayContaining([expect.objectContaining({ no: 2, state: 'free' })]),
    });
    expect(markets.flatMap((m) => m.invalid)).toEqual([]);
  });

  it('a silent partition: the station notices within the keepalive bound, and a command that waited at the broker past its expiry opens no door', async () => {
    mosquitto = await TestMosquitto.start();
    const proxy = await TcpProxy.start(mosquitto.port);
    closers.push(() => proxy.close());
    const market = await TestMarketplace.connect(mosquitto.url, STATION);
    markets.push(market);
    const key = Buffer.alloc(32, 7);
    rig = new FaultRig({ brokerUrl: proxy.url, keepaliveSeconds: 5, commandKeyFile: keyFile(key) });
    await rig.plugBoard();
    const station = await rig.start();
    await until('online', () => station.link?.state === 'online');
    const sessionBefore = station.link?.currentSession?.session ?? 0;

    proxy.partition();
    const cutAt = Date.now();
    // an operator opens compartment 1 remotely; the broker queues it for the dead connection
    const open = commandFor(STATION, systemClock, serviceOpenBody(1), {
      expiresAt: new Date(Date.now() + 2_000).toISOString(),
    });
    await market.sendSigned(open, key);
    // the kiosk goes on working meanwhile
    expect((await rig.kioskStatus()).outOfService).toBeNull();
    await until('the partition noticed', () => station.link?.state !== 'online', 15_000);
    expect(Date.now() - cutAt).toBeLessThan(1.5 * 5_000 + 3_000);

    proxy.heal();
    const reply = await market.reply(open.id);
    expect(reply).toMatchObject({ ok: false, error: { code: 'EXPIRED' } });
    expect(rig.pulsedChannels()).toEqual([]);
    expect(station.link?.currentSession?.session ?? 0).toBeGreaterThan(sessionBefore);
    // a fresh command still works: the link is whole
    const fresh = commandFor(STATION, systemClock, serviceOpenBody(1));
    await market.sendSigned(fresh, key);
    expect(await market.reply(fresh.id)).toMatchObject({ ok: true });
    expect(rig.pulsedChannels()).toEqual([0]);
  });

  const keyFile = (key: Buffer): string => {
    const dir = mkdtempSync(join(tmpdir(), 'regiobox-key-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'command.key');
    writeFileSync(file, key.toString('hex'), { mode: 0o600 });
    return file;
  };
});
