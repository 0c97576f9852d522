import { startTestBridge, type TestBridge } from '@regiobox/cloud-bridge/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { publishLateWill, retainedStatus, stationOnBroker, waitFor } from './testing/late-will.js';

const S = 'dorfladen-4';

describe('a late will on the embedded broker', () => {
  let t: TestBridge | undefined;
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    await t?.dispose();
  });

  it('is replaced by the station’s birth, so that a newcomer reads the station online (MQTT.md)', async () => {
    t = await startTestBridge();
    const login = await t.bridge.registry.addStation(S);
    const linked = await stationOnBroker(t.bridge.brokerUrl, S, login);
    dispose = linked.dispose;
    const link = linked.station.link;
    const session = await waitFor('online', () =>
      link?.state === 'online' ? link.currentSession : undefined,
    );

    await publishLateWill(t.bridge.brokerUrl, S, login, session.session - 1);

    const retained = await retainedStatus(t.bridge.brokerUrl, S, login, (s) => s.state === 'online');
    expect(retained).toMatchObject({
      state: 'online',
      session: session.session,
      sessionId: session.sessionId,
    });
  });
});
