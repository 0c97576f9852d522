import { afterEach, describe, expect, it } from 'vitest';
import { StationList } from '../http/schemas.js';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment } from '../test-support/messages.js';
import { until } from '../test-support/until.js';

const S = 'dorfladen-1';
const door = (open: boolean) => ({ type: 'compartment.door' as const, compartment: 1, open });

describe('fleet ingest over MQTT', () => {
  let t: TestBridge;
  afterEach(async () => t?.dispose());

  it('records a redelivered event once, and after a gap asks the station to replay the missing events and resend its full state', async () => {
    t = await startTestBridge();
    const peer = await t.station(S, 1, [compartment(1), compartment(2)]);
    await until('station online', async () => (await t.bridge.store.presence(S))?.state === 'online');

    const first = await peer.event(door(true));
    await peer.republish(first);
    await peer.event(door(false));
    await until(
      'two events stored',
      async () => (await t.bridge.store.stationEvents(S, { limit: 10 })).length === 2,
    );
    await until('duplicate counted', () => t.bridge.ingestStats().duplicates === 1);
    expect(peer.commands.filter((c) => c.command.type === 'resend_state')).toHaveLength(0);

    await peer.event(door(true), 5); // 3 and 4 never arrive
    await until('resend_state received', () => peer.commands.some((c) => c.command.type === 'resend_state'));
    expect(t.bridge.ingestStats().gaps).toBe(1);
    const resend = peer.commands.find((c) => c.command.type === 'resend_state');
    expect(resend?.stationId).toBe(S);
    expect(Date.parse(resend?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect((await t.bridge.store.stationEvents(S, { limit: 10 })).map((e) => e.seq)).toEqual([5, 2, 1]);
    await until('replay_events received', () =>
      peer.commands.some((c) => c.command.type === 'replay_events'),
    );
    const replay = peer.commands.find((c) => c.command.type === 'replay_events');
    expect(replay?.command).toEqual({ type: 'replay_events', fromSeq: 3, toSeq: 4 });

    // the replayed events fill the hole; no further gap, nothing twice
    await peer.event(door(false), 3);
    await peer.event(door(true), 4);
    await until(
      'the history complete',
      async () => (await t.bridge.store.stationEvents(S, { limit: 10 })).length === 5,
    );
    expect((await t.bridge.store.stationEvents(S, { limit: 10 })).map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(t.bridge.ingestStats().gaps).toBe(1);
  });

  it('drops malformed messages, counts them, and keeps working', async () => {
    t = await startTestBridge();
    const peer = await t.station(S, 1, [compartment(1)]);
    await peer.publishRaw('events', '{not json');
    await peer.publishRaw('events', JSON.stringify({ v: 1, id: 'x', stationId: S, seq: 0, at: 'yesterday' }));
    await peer.publishRaw(
      'telemetry',
      JSON.stringify({
        v: 1,
        stationId: 'other-station',
        batchId: 'b',
        at: new Date().toISOString(),
        samples: [],
        doors: [],
      }),
    );
    await peer.event(door(true));
    await until(
      'valid event stored',
      async () => (await t.bridge.store.stationEvents(S, { limit: 10 })).length === 1,
    );
    expect(t.bridge.ingestStats().invalid).toBe(3);
    const c1 = (await t.bridge.store.getStation(S))?.compartments[0];
    expect(c1?.doorOpen).toBe(true);
  });

  it('announces a stored telemetry batch once, with its batch id, whichever instance stored it', async () => {
    t = await startTestBridge();
    const peer = await t.station(S, 1, [compartment(1)]);
    const announced: string[] = [];
    t.bridge.changes.subscribe((c) => {
      if (c.kind === 'telemetry') announced.push(c.batchId);
    });
    const batch = JSON.stringify({
      v: 1,
      stationId: S,
      batchId: 'batch-7',
      at: new Date().toISOString(),
      samples: [],
      doors: [{ compartment: 1, open: false }],
    });
    await peer.publishRaw('telemetry', batch);
    await peer.publishRaw('telemetry', batch); // a redelivery
    await peer.event(door(true));
    await until(
      'the event after both stored',
      async () => (await t.bridge.store.stationEvents(S, { limit: 10 })).length === 1,
    );
    expect(announced).toEqual(['batch-7']);
    expect(t.bridge.ingestStats().duplicates).toBe(1);
  });

  it('keeps a station online when the late will of its previous session arrives after the new birth', async () => {
    t = await startTestBridge();
    await t.register(S);
    const old = await t.reconnect(S, 1, [compartment(1)], `${S}-a`);
    await until('session 1 online', async () => (await t.bridge.store.presence(S))?.session === 1);
    await t.reconnect(S, 2, [compartment(1)], `${S}-b`);
    await until('session 2 online', async () => (await t.bridge.store.presence(S))?.session === 2);
    await old.drop(); // the broker publishes session 1's will now
    await until('late will seen and ignored', () => t.bridge.ingestStats().staleStatus === 1);
    expect(await t.bridge.store.presence(S)).toEqual({ state: 'online', session: 2 });
    const [listed] = StationList.parse(await (await t.api('GET', '/v1/stations')).json()).stations;
    expect(listed).toMatchObject({ stationId: S, online: true, state: 'online' });
  });
});
