import { startTestBridge, type TestBridge, until, WebhookReceiver } from '@regiobox/cloud-bridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProbeTally,
  probeForeignOrders,
  probeSharedViews,
  type TenantSecrets,
} from './testing/cross-tenant-probe.js';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'rathaus-1';
const SHARED_ORDER = 'order-1';
/** how many orders of its own each tenant reserves and cancels besides the shared id */
const OWN_ORDERS = 5;

interface Tenant {
  readonly id: string;
  readonly key: string;
  readonly secret: string;
  readonly receiver: WebhookReceiver;
  /** its own compartment at the station (tenants.reservedCompartments) */
  readonly compartment: number;
  readonly secrets: { orderIds: string[]; reservationIds: string[] };
}

const tenant = (id: string, compartment: number): Tenant => ({
  id,
  key: `${id}-marketplace-key-0123456789`,
  secret: `${id}-webhook-secret-0123`,
  receiver: new WebhookReceiver(`${id}-webhook-secret-0123`),
  compartment,
  secrets: { orderIds: [], reservationIds: [] },
});

const parcel = () => ({
  parcelId: 'p-1',
  producer: 'Hof Sonnenwiese',
  zone: 'chilled',
  size: 'M',
  deadline: new Date(Date.now() + 86_400_000).toISOString(),
});

describe('two marketplaces share one station and use the same order id', () => {
  const lorena = tenant('lorena', 1);
  const spreewald = tenant('spreewald', 2);
  let t: TestBridge;
  let linked: LinkedStation;

  beforeAll(async () => {
    const tenants = [];
    for (const x of [lorena, spreewald]) {
      const url = await x.receiver.start();
      tenants.push({
        id: x.id,
        apiKeys: [{ name: `${x.id}-shop`, key: x.key }],
        webhooks: [{ id: `${x.id}-shop`, url, secret: x.secret }],
      });
    }
    t = await startTestBridge({ tenants });
    // chilled 1 is lorena's, chilled 2 spreewald's, chilled 3 and 4 are the shared pool
    linked = await startLinkedStation(t, STATION, {
      compartments: [1, 2, 3, 4].map((no) => ({
        no,
        lockChannel: no - 1,
        doorInput: no - 1,
        size: 'M' as const,
        zone: 'chilled' as const,
        probes: no === 1 ? ['fridge'] : [],
      })),
      tenants: { reservedCompartments: { lorena: [1], spreewald: [2] } },
    });
    await until('online', async () => (await t.bridge.store.presence(STATION))?.state === 'online', 15_000);
  });
  afterAll(async () => {
    await linked?.dispose();
    await t?.dispose();
    for (const x of [lorena, spreewald]) await x.receiver.stop();
  });

  const reserve = async (x: Tenant, orderId: string) => {
    const res = await t.api(
      'POST',
      `/v1/stations/${STATION}/reservations`,
      { orderId, parcels: [parcel()] },
      {
        auth: x.key,
      },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      reservationId: string;
      pickupPin: string;
      parcels: { compartment: number; loadingCode: string }[];
    };
    x.secrets.reservationIds.push(body.reservationId);
    return body;
  };

  it('each reserves the same order id, loads and picks up in its own compartment; webhooks reach only the owner', async () => {
    const board = linked.board;
    const service = linked.station.service;
    for (const x of [lorena, spreewald]) {
      const r = await reserve(x, SHARED_ORDER);
      // its own reserved compartment, never the one reserved to the other tenant
      expect(r.parcels.map((p) => p.compartment)).toEqual([x.compartment]);
      const channel = x.compartment - 1;
      expect((await service.submitCode(r.parcels[0]?.loadingCode ?? '', 'keypad')).ok).toBe(true);
      board.openDoor(channel);
      board.setOccupancy(channel, true);
      board.closeDoor(channel);
      await until(`${x.id}'s order is loaded at the bridge`, async () => {
        const res = await t.api('GET', `/v1/orders/${SHARED_ORDER}`, undefined, { auth: x.key });
        return ((await res.json()) as { state?: string }).state === 'loaded';
      });
      expect(await service.submitCode(r.pickupPin, 'keypad')).toMatchObject({
        ok: true,
        compartments: [{ no: x.compartment }],
      });
      board.openDoor(channel);
      board.setOccupancy(channel, false);
      board.closeDoor(channel);
    }
    for (const x of [lorena, spreewald]) {
      await until(
        `${x.id} hears its pickup`,
        () => x.receiver.events.some((e) => e.type === 'order.picked_up'),
        20_000,
      );
      const res = await t.api('GET', `/v1/orders/${SHARED_ORDER}`, undefined, { auth: x.key });
      const order = (await res.json()) as {
        tenant: string;
        state: string;
        parcels: { compartment: number }[];
      };
      expect(order).toMatchObject({ tenant: x.id, state: 'picked_up' });
      expect(order.parcels.map((p) => p.compartment)).toEqual([x.compartment]);
    }
    for (const [x, other] of [
      [lorena, spreewald],
      [spreewald, lorena],
    ] as const) {
      const events = x.receiver.events;
      expect(events.every((e) => e.signatureValid && e.body.tenant === x.id)).toBe(true);
      for (const type of ['codes.issued', 'parcel.loaded', 'parcel.picked_up', 'order.picked_up']) {
        expect(events.filter((e) => e.type === type)).toHaveLength(1);
      }
      const theirs = new Set(other.receiver.events.map((e) => e.id));
      expect(events.filter((e) => theirs.has(e.id))).toEqual([]);
    }
  });

  it('refuses every cross-tenant read and command exactly like an unknown id, and leaks nothing', async () => {
    for (const x of [lorena, spreewald]) {
      for (let i = 1; i <= OWN_ORDERS; i++) {
        const orderId = `${x.id}-only-${i}`;
        await reserve(x, orderId);
        x.secrets.orderIds.push(orderId);
        // cancelled again, so the next one finds a free compartment; the order stays known
        const res = await t.api('POST', `/v1/orders/${orderId}/cancel`, { reason: 'test' }, { auth: x.key });
        expect(res.status).toBe(200);
      }
    }
    const tally: ProbeTally = { attempts: 0, refused: 0, leaks: [] };
    for (const [attacker, victim] of [
      [lorena, spreewald],
      [spreewald, lorena],
    ] as const) {
      const secrets: TenantSecrets = { tenant: victim.id, ...victim.secrets };
      await probeForeignOrders(t, attacker.key, secrets, tally);
      await probeSharedViews(t, attacker.key, STATION, secrets, tally);
    }
    process.stdout.write(`cross-tenant attempts: ${JSON.stringify(tally)}\n`);
    expect(tally.leaks).toEqual([]);
    expect(tally.attempts).toBeGreaterThanOrEqual(50);
    expect(tally.refused).toBe(tally.attempts);
    // their own orders stay theirs: each tenant still reads its own
    for (const x of [lorena, spreewald]) {
      const res = await t.api('GET', `/v1/orders/${x.id}-only-1`, undefined, { auth: x.key });
      expect(res.status).toBe(200);
    }
    // no webhook of one tenant's orders reached the other
    for (const [x, other] of [
      [lorena, spreewald],
      [spreewald, lorena],
    ] as const) {
      expect(JSON.stringify(x.receiver.events)).not.toContain(`${other.id}-only-`);
    }
  });
});
