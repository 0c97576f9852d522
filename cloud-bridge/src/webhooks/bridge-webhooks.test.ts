import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment } from '../test-support/messages.js';
import { until } from '../test-support/until.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';

const S = 'bushalt-4';
const secret = 'marketplace-secret-bushalt-4-xyz';

describe('order and alarm webhooks from station events', () => {
  let t: TestBridge | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await t?.dispose();
    await receiver?.stop();
  });

  it('reach a receiver that fails for a while: every event once after dedup, in order, signed, codes then forgotten', async () => {
    receiver = new WebhookReceiver(secret);
    const url = await receiver.start();
    receiver.failing = true;
    t = await startTestBridge({ webhooks: { endpoints: [{ id: 'shop', url, secret }] } });
    const peer = await t.station(S, 1, [compartment(1)]);
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    const parcel = { orderId: 'o-7', parcelId: 'p-1', compartment: 1 };

    const forwarded = [
      await peer.event({
        type: 'order.reserved',
        orderId: 'o-7',
        parcels: [{ parcelId: 'p-1', compartment: 1, zone: 'chilled', size: 'M', deadline }],
      }),
      await peer.event({
        type: 'codes.issued',
        orderId: 'o-7',
        pickupPin: '31415926',
        loadingCodes: [{ parcelId: 'p-1', code: '27182818' }],
        retrievalCodes: [],
        validUntil: deadline,
      }),
      await peer.event({ type: 'parcel.loaded', ...parcel }),
    ];
    await peer.event({ type: 'compartment.door', compartment: 1, open: true }); // dashboard only
    await peer.republish(forwarded[2]!); // the station did not see the PUBACK and sends it again
    forwarded.push(
      await peer.event({
        type: 'alarm.raised',
        alarmId: 'a-1',
        kind: 'door_left_open',
        severity: 'warning',
        compartment: 1,
        probeId: null,
        detail: 'open for 5 minutes',
      }),
      await peer.event({ type: 'parcel.picked_up', ...parcel, coldChain: null }),
      await peer.event({ type: 'order.picked_up', orderId: 'o-7' }),
    );

    await until('receiver tried repeatedly', () => (receiver?.requests.length ?? 0) >= 3);
    expect(receiver.events).toHaveLength(0);
    receiver.failing = false;
    await until('all delivered', () => receiver?.events.length === forwarded.length);

    expect(receiver.events.map((e) => e.id)).toEqual(forwarded.map((e) => e.id));
    expect(receiver.events.map((e) => e.type)).toEqual(forwarded.map((e) => e.event.type));
    expect(receiver.events.every((e) => e.signatureValid)).toBe(true);
    expect(receiver.events[1]?.body).toMatchObject({
      type: 'codes.issued',
      stationId: S,
      data: { orderId: 'o-7', pickupPin: '31415926', loadingCodes: [{ parcelId: 'p-1', code: '27182818' }] },
    });

    const db = new Database(t.dbFile, { readonly: true });
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((r) => r.name);
    const dump = JSON.stringify(tables.map((name) => db.prepare(`SELECT * FROM "${name}"`).all()));
    db.close();
    expect(dump).toContain('o-7');
    expect(dump).not.toMatch(/31415926|27182818/);
  });
});
