import { verifyCommandSignature } from '@regiobox/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment } from '../test-support/messages.js';
import type { StationPeer } from '../test-support/station-peer.js';
import { until } from '../test-support/until.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';
import { CommandOutcome, Order, Problem } from './schemas.js';

const S = 'kuehlbox-3';
const secret = 'webhook-secret-for-hold-decisions';
const decision = { decision: 'discard', by: 'Jonas (Hof)', why: 'cream sat at 12 °C for an hour' };
const path = '/v1/orders/o-7/parcels/sahne/hold-decision';

/** The station reports order o-7 whose parcel `sahne` it holds for its cold chain. */
const reportHeld = async (t: TestBridge, peer: StationPeer, at: Date) => {
  const parcel = { orderId: 'o-7', parcelId: 'sahne', compartment: 1 };
  const deadline = new Date(at.getTime() + 86_400_000).toISOString();
  await peer.event({
    type: 'order.reserved',
    orderId: 'o-7',
    parcels: [{ parcelId: 'sahne', compartment: 1, zone: 'chilled', size: 'M', deadline }],
  });
  await peer.event({ type: 'parcel.loaded', ...parcel });
  await peer.event({
    type: 'parcel.held',
    ...parcel,
    reason: 'budget_exceeded',
    coldChain: {
      compartment: 1,
      zone: 'chilled',
      from: at.toISOString(),
      to: new Date(at.getTime() + 3_600_000).toISOString(),
      samples: 360,
      minCelsius: 5,
      maxCelsius: 12,
      minutesAboveLimit: 55,
      limitCelsius: 7,
      breached: true,
    },
  });
  await until('the bridge knows the parcel is held', async () => {
    const order = Order.parse(await (await t.api('GET', '/v1/orders/o-7')).json());
    return order.parcels[0]?.state === 'held';
  });
};

describe('hold decisions over HTTP', () => {
  let t: TestBridge | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await t?.dispose();
    await receiver?.stop();
    t = undefined;
    receiver = undefined;
  });

  it('sends decide_hold signed with the station key and valid for 30 s; a refusal by the station comes back as a problem', async () => {
    t = await startTestBridge();
    const bridge = t;
    const peer = await bridge.station(S, 1, [compartment(1, { state: 'blocked' })]);
    await until('online', async () => (await bridge.bridge.store.presence(S))?.state === 'online');
    await reportHeld(bridge, peer, new Date());

    const res = await bridge.api('POST', path, decision);
    expect(res.status).toBe(200);
    expect(CommandOutcome.parse(await res.json())).toMatchObject({ stationId: S, status: 'done' });
    const cmd = peer.commands.find((c) => c.command.type === 'decide_hold');
    expect(cmd?.command).toEqual({ type: 'decide_hold', orderId: 'o-7', parcelId: 'sahne', ...decision });
    expect(cmd && verifyCommandSignature(cmd, bridge.bridge.registry.commandKey(S))).toBe(true);
    expect(Date.parse(cmd?.expiresAt ?? '') - Date.parse(cmd?.issuedAt ?? '')).toBe(30_000);

    // the bridge still sees the parcel held (no hold_decided event came): the station has the last word
    peer.respond = () => ({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: 'parcel sahne cannot discard: it is discarded',
    });
    const refused = await bridge.api('POST', path, decision);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Problem.parse(await refused.json())).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      detail: expect.stringContaining('the station refused'),
    });
  });

  it('a decision for an offline station expires after 30 s and is never delivered stale', async () => {
    const clock = new ManualClock(new Date());
    receiver = new WebhookReceiver(secret);
    const url = await receiver.start();
    t = await startTestBridge(
      { webhooks: { endpoints: [{ id: 'shop', url, secret, events: ['command.*'] }] } },
      { clock },
    );
    const bridge = t;
    const peer = await bridge.station(S, 1, [compartment(1, { state: 'blocked' })]);
    await until('online', async () => (await bridge.bridge.store.presence(S))?.state === 'online');
    await reportHeld(bridge, peer, clock.now());
    await peer.close();
    await until('offline', async () => (await bridge.bridge.store.presence(S))?.state === 'offline');

    const queued = await bridge.api('POST', path, decision);
    expect(queued.status).toBe(202);
    const outcome = CommandOutcome.parse(await queued.json());
    expect(outcome.status).toBe('queued');
    expect(Date.parse(outcome.expiresAt) - clock.now().getTime()).toBe(30_000);

    clock.advance(30_001);
    await until('the marketplace hears the decision expired', () =>
      (receiver?.events ?? []).some(
        (e) => e.type === 'command.expired' && JSON.stringify(e.body).includes(outcome.commandId),
      ),
    );

    const back = await bridge.reconnect(S, 2, [compartment(1, { state: 'blocked' })]);
    await until('online again', async () => (await bridge.bridge.store.presence(S))?.state === 'online');
    const fresh = await bridge.api('POST', path, decision);
    expect(fresh.status).toBe(200);
    const freshId = CommandOutcome.parse(await fresh.json()).commandId;
    // commands reach a station in order, so the expired one would have come first
    expect(back.commands.map((c) => c.id)).toEqual([freshId]);
  });
});
