import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningBridge, startBridge } from './bridge.js';
import { writeMosquittoFiles } from './broker/index.js';
import { parseConfig } from './config.js';
import { Reservation } from './http/schemas.js';
import { StationRegistry } from './registry/index.js';
import { openBridgeDatabase } from './store/database.js';
import { compartment } from './test-support/messages.js';
import { type RunningMosquitto, startMosquitto } from './test-support/mosquitto.js';
import { reserveAnswer, StationPeer } from './test-support/station-peer.js';
import { until } from './test-support/until.js';

const S = 'dorfladen-9';
const KEY = 'system-test-api-key-0123456789';

describe('the bridge against an external Mosquitto', () => {
  let dir: string;
  let mosquitto: RunningMosquitto | undefined;
  let bridge: RunningBridge | undefined;
  const peers: StationPeer[] = [];
  afterEach(async () => {
    for (const p of peers.splice(0)) await p.close().catch(() => undefined);
    await bridge?.stop();
    await mosquitto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses the broker from broker.url: reservations answered online, queued offline and delivered on reconnect', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-bridge-mosquitto-'));
    const file = path.join(dir, 'bridge.db');
    const db = openBridgeDatabase(file);
    const registry = new StationRegistry(db);
    const station = await registry.addStation(S);
    const service = await registry.issueServiceUser();
    const files = writeMosquittoFiles(registry, path.join(dir, 'mosquitto'));
    db.close();
    mosquitto = await startMosquitto({ passwordFile: files.passwordFile, aclFile: files.aclFile });

    bridge = await startBridge(
      parseConfig({
        database: { file },
        broker: { url: mosquitto.url, username: service.username, password: service.password },
        http: { port: 0, apiKeys: [{ name: 'shop', key: KEY }] },
        log: { level: 'silent' },
      }),
      { tickMs: 50 },
    );
    expect(bridge.brokerUrl).toBe(mosquitto.url);
    const running = bridge;
    const login = { username: station.username, password: station.password };
    const api = (orderId: string) =>
      fetch(`${running.httpUrl}/v1/stations/${S}/reservations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          orderId,
          parcels: [
            {
              parcelId: 'p1',
              producer: 'Hof',
              zone: 'chilled',
              size: 'M',
              deadline: new Date(Date.now() + 86_400_000).toISOString(),
            },
          ],
        }),
      });

    const first = await StationPeer.connect(mosquitto.url, login, 1, [compartment(1)]);
    peers.push(first);
    first.respond = reserveAnswer;
    await until('online', async () => (await running.store.presence(S))?.state === 'online');
    const online = await api('o-1');
    expect(online.status).toBe(201);
    expect(Reservation.parse(await online.json()).pickupPin).toBe('48291375');

    await first.close();
    await until('offline', async () => (await running.store.presence(S))?.state === 'offline');
    const queued = await api('o-2');
    expect(queued.status).toBe(202);
    const { reservationId } = Reservation.parse(await queued.json());

    const second = await StationPeer.connect(mosquitto.url, login, 2, [compartment(1)]);
    peers.push(second);
    second.respond = reserveAnswer;
    await until('queued reservation delivered', () => second.commands.some((c) => c.id === reservationId));
    expect(second.commands.map((c) => c.id)).toEqual([reservationId]);
  });
});
