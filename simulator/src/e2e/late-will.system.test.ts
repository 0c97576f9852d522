import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBridgeDatabase } from '@regiobox/cloud-bridge';
import { StationRegistry, startMosquitto, writeMosquittoFiles } from '@regiobox/cloud-bridge/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { publishLateWill, retainedStatus, stationOnBroker, waitFor } from './testing/late-will.js';

const S = 'dorfladen-5';

describe('a late will on Mosquitto with the ACL that write-mosquitto writes', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('is replaced by the station’s birth, so that a newcomer reads the station online (MQTT.md)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-late-will-mosquitto-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = openBridgeDatabase(path.join(dir, 'bridge.db'));
    const registry = new StationRegistry(db);
    const login = await registry.addStation(S);
    const files = writeMosquittoFiles(registry, path.join(dir, 'mosquitto'));
    db.close();
    const mosquitto = await startMosquitto(files);
    cleanups.push(() => mosquitto.stop());
    const linked = await stationOnBroker(mosquitto.url, S, login);
    cleanups.push(() => linked.dispose());
    const link = linked.station.link;
    const session = await waitFor('online', () =>
      link?.state === 'online' ? link.currentSession : undefined,
    );

    await publishLateWill(mosquitto.url, S, login, session.session - 1);

    const retained = await retainedStatus(mosquitto.url, S, login, (s) => s.state === 'online');
    expect(retained).toMatchObject({
      state: 'online',
      session: session.session,
      sessionId: session.sessionId,
    });
  });
});
