import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetStore } from '../store/fleet-store.js';
import { compartment, eventMessage, stateMessage } from './messages.js';

const now = new Date('2026-01-01T08:00:00.000Z');
const S = 'dorfladen-1';
const deadline = '2026-01-03T18:00:00.000Z';
const reserved = (tenant: string, compartmentNo: number) => ({
  type: 'order.reserved' as const,
  tenant,
  orderId: 'o-1',
  parcels: [
    { parcelId: 'p-1', compartment: compartmentNo, zone: 'chilled' as const, size: 'M' as const, deadline },
  ],
});

/** Structurally fleet-store-contract's FleetStoreEngine (that suite runs this one). */
interface Engine {
  readonly name: string;
  open(options: { historyBucketSeconds: number }): Promise<{
    readonly store: FleetStore;
    dispose(): Promise<void> | void;
  }>;
}

/** The tenant promises of every FleetStore (FLEET.md, Tenants), run on each engine. */
export const describeTenantOrders = (engine: Engine): void => {
  describe(`orders per tenant in the ${engine.name} fleet store`, () => {
    let opened: Awaited<ReturnType<Engine['open']>>;
    let store: FleetStore;
    beforeEach(async () => {
      opened = await engine.open({ historyBucketSeconds: 60 });
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    it('keeps two tenants apart that use the same order id at one station', async () => {
      await store.recordEvent(eventMessage(S, 1, reserved('lorena', 1)), now);
      await store.recordEvent(eventMessage(S, 2, reserved('spreewald', 2)), now);
      const loaded = { type: 'parcel.loaded' as const, tenant: 'lorena', orderId: 'o-1', parcelId: 'p-1' };
      await store.recordEvent(eventMessage(S, 3, { ...loaded, compartment: 1 }), now);
      const cancelled = {
        type: 'order.cancelled' as const,
        tenant: 'spreewald',
        orderId: 'o-1',
        reason: 'x',
      };
      await store.recordEvent(eventMessage(S, 4, cancelled), now);

      const lorena = await store.getOrder('lorena', 'o-1');
      const spreewald = await store.getOrder('spreewald', 'o-1');
      expect(lorena).toMatchObject({ tenant: 'lorena', state: 'loaded' });
      expect(lorena?.parcels.map((p) => [p.compartment, p.state])).toEqual([[1, 'loaded']]);
      expect(lorena?.history.map((e) => e.seq)).toEqual([1, 3]);
      expect(spreewald).toMatchObject({ tenant: 'spreewald', state: 'cancelled' });
      expect(spreewald?.history.map((e) => e.seq)).toEqual([2, 4]);
      expect(await store.getOrder('default', 'o-1')).toBeUndefined();
      // spreewald's cancel freed its compartment, not lorena's
      expect((await store.getStation(S))?.compartments).toEqual([]);

      // a tenant's listing of the station's events holds its own order events only
      const own = await store.stationEvents(S, { limit: 10, tenant: 'lorena' });
      expect(own.map((e) => [e.seq, e.tenant])).toEqual([
        [3, 'lorena'],
        [1, 'lorena'],
      ]);
    });

    it('shows a tenant only the compartments it may use, and never the order id of another tenant', async () => {
      await store.recordState(
        stateMessage(S, [
          compartment(1, { state: 'loaded', orderId: 'o-7', tenant: 'spreewald' }),
          compartment(2, { tenants: ['lorena'] }),
          compartment(3, { tenants: ['spreewald'] }),
        ]),
        now,
      );
      const seen = await store.getStation(S, { tenant: 'lorena' });
      expect(seen?.compartments.map((c) => [c.no, c.state, c.orderId])).toEqual([
        [1, 'loaded', null],
        [2, 'free', null],
      ]);
      expect(seen?.availability).toEqual([{ zone: 'chilled', size: 'M', free: 1, total: 2 }]);
      expect((await store.listStations({ tenant: 'lorena' }))[0]?.availability).toEqual(seen?.availability);
      const all = await store.getStation(S);
      expect(all?.compartments.map((c) => [c.no, c.orderId, c.tenant, c.tenants])).toEqual([
        [1, 'o-7', 'spreewald', null],
        [2, null, null, ['lorena']],
        [3, null, null, ['spreewald']],
      ]);
    });
  });
};
