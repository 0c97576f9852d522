import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetStore } from '../store/fleet-store.js';
import { describeTenantOrders } from './fleet-store-tenant-contract.js';
import { compartment, eventMessage, stateMessage, statusMessage, telemetryMessage } from './messages.js';

export interface OpenedFleetStore {
  readonly store: FleetStore;
  /** every row of a table, as the engine keeps it (to look for what must never be stored) */
  rows(table: string): Promise<unknown[]>;
  /** closes the database and opens a new store on the same data, as a restarted bridge would */
  reopen(): Promise<FleetStore>;
  dispose(): Promise<void> | void;
}

/** One engine the fleet store runs on (SQLite in `npm test`, PostgreSQL in the system tests). */
export interface FleetStoreEngine {
  readonly name: string;
  open(options: { historyBucketSeconds: number }): Promise<OpenedFleetStore>;
}

/**
 * The promises every FleetStore keeps, whatever the engine: one suite, run on each. A behaviour
 * that differs between engines is a bug in one of them.
 */
const now = new Date('2026-01-01T08:00:00.000Z');
const S = 'dorfladen-1';
const coldChain = {
  compartment: 2,
  zone: 'chilled' as const,
  from: '2026-01-01T08:00:02.000Z',
  to: '2026-01-01T09:00:00.000Z',
  samples: 360,
  minCelsius: 3.1,
  maxCelsius: 8.4,
  minutesAboveLimit: 4,
  limitCelsius: 7,
  breached: false,
};

export const describeFleetStore = (engine: FleetStoreEngine): void => {
  describe(`the ${engine.name} fleet store`, () => {
    let opened: OpenedFleetStore;
    let store: FleetStore;

    beforeEach(async () => {
      opened = await engine.open({ historyBucketSeconds: 60 });
      store = opened.store;
    });
    afterEach(() => opened.dispose());

    it('keeps the status of the highest session, so a late will of an old session does not take a station offline', async () => {
      expect((await store.recordStatus(statusMessage(S, 'online', 3), now)).cameOnline).toBe(true);
      expect((await store.recordStatus(statusMessage(S, 'online', 4), now)).cameOnline).toBe(true);
      const late = await store.recordStatus(statusMessage(S, 'offline', 3), now);
      expect(late.applied).toBe(false);
      expect((await store.getStation(S))?.state).toBe('online');
      const will = await store.recordStatus(statusMessage(S, 'offline', 4), now);
      expect(will).toEqual({ applied: true, cameOnline: false, wentOffline: true });
      expect((await store.listStations()).map((s) => [s.stationId, s.state, s.session])).toEqual([
        [S, 'offline', 4],
      ]);
    });

    it("keeps the station's kind from its birth; a will keeps it and a birth without the field is a locker's", async () => {
      await store.recordStatus({ ...statusMessage(S, 'online', 1), kind: 'counter' }, now);
      expect((await store.getStation(S))?.kind).toBe('counter');
      await store.recordStatus(statusMessage(S, 'offline', 1), now);
      expect((await store.listStations()).map((s) => [s.stationId, s.kind, s.state])).toEqual([
        [S, 'counter', 'offline'],
      ]);
      await store.recordStatus(statusMessage('hof-2', 'online', 1), now);
      expect((await store.getStation('hof-2'))?.kind).toBe('locker');
    });

    it('records each event once, recognises a redelivery, and reports a jump in the sequence', async () => {
      const first = eventMessage(S, 1, { type: 'compartment.door', compartment: 1, open: true });
      expect(await store.recordEvent(first, now)).toEqual({ kind: 'recorded', gap: null });
      expect(await store.recordEvent(first, now)).toEqual({ kind: 'duplicate' });
      const jump = eventMessage(S, 5, { type: 'compartment.door', compartment: 1, open: false });
      expect(await store.recordEvent(jump, now)).toEqual({ kind: 'recorded', gap: { expected: 2, got: 5 } });
      // the missing events arriving late fill the history without reporting another gap
      const late = eventMessage(S, 3, { type: 'compartment.door', compartment: 1, open: true });
      expect(await store.recordEvent(late, now)).toEqual({ kind: 'recorded', gap: null });
      const reused = eventMessage(S, 5, { type: 'compartment.door', compartment: 2, open: true });
      expect(await store.recordEvent(reused, now)).toEqual({ kind: 'conflict' });
      expect((await store.stationEvents(S, { limit: 10 })).map((e) => e.seq)).toEqual([5, 3, 1]);
    });

    it('projects an order from reservation to pickup with its cold-chain record and frees the compartment', async () => {
      await store.recordState(stateMessage(S, [compartment(1), compartment(2)]), now);
      const deadline = '2026-01-03T18:00:00.000Z';
      const events = [
        {
          type: 'order.reserved' as const,
          orderId: 'o-1',
          parcels: [
            { parcelId: 'p-1', compartment: 2, zone: 'chilled' as const, size: 'M' as const, deadline },
          ],
        },
        {
          type: 'codes.issued' as const,
          orderId: 'o-1',
          pickupPin: '482913',
          qrToken: 'qr-secret-token',
          loadingCodes: [{ parcelId: 'p-1', code: '771204' }],
          retrievalCodes: [],
          validUntil: deadline,
        },
        { type: 'parcel.loaded' as const, orderId: 'o-1', parcelId: 'p-1', compartment: 2 },
      ];
      for (const [i, e] of events.entries()) await store.recordEvent(eventMessage(S, i + 1, e), now);
      let station = await store.getStation(S);
      expect(station?.compartments.find((c) => c.no === 2)).toMatchObject({
        state: 'loaded',
        orderId: 'o-1',
      });
      expect(station?.availability).toEqual([{ zone: 'chilled', size: 'M', free: 1, total: 2 }]);

      await store.recordEvent(
        eventMessage(S, 4, {
          type: 'parcel.picked_up',
          orderId: 'o-1',
          parcelId: 'p-1',
          compartment: 2,
          coldChain,
        }),
        now,
      );
      await store.recordEvent(eventMessage(S, 5, { type: 'order.picked_up', orderId: 'o-1' }), now);

      const order = await store.getOrder('default', 'o-1');
      expect(order).toMatchObject({ stationId: S, state: 'picked_up' });
      expect(order?.parcels).toEqual([
        { parcelId: 'p-1', compartment: 2, zone: 'chilled', size: 'M', deadline, state: 'picked_up' },
      ]);
      expect(order?.history.map((h) => h.type)).toEqual([
        'order.reserved',
        'codes.issued',
        'parcel.loaded',
        'parcel.picked_up',
        'order.picked_up',
      ]);
      expect(order?.coldChain).toEqual([
        expect.objectContaining({ ...coldChain, kind: 'pickup', parcelId: 'p-1' }),
      ]);
      station = await store.getStation(S);
      expect(station?.availability).toEqual([{ zone: 'chilled', size: 'M', free: 2, total: 2 }]);
    });

    it('never keeps a clear code: codes.issued is stored with every code replaced', async () => {
      await store.recordEvent(
        eventMessage(S, 1, {
          type: 'codes.issued',
          orderId: 'o-2',
          pickupPin: '482913',
          qrToken: 'qr-secret-token',
          loadingCodes: [{ parcelId: 'p-1', code: '771204' }],
          retrievalCodes: [{ parcelId: 'p-1', code: '559310' }],
          validUntil: '2026-01-03T18:00:00.000Z',
        }),
        now,
      );
      const dump = JSON.stringify(await opened.rows('fleet_events'));
      for (const secret of ['482913', 'qr-secret-token', '771204', '559310'])
        expect(dump).not.toContain(secret);
      expect(dump).toContain('o-2');
    });

    it('does not let a late event move an order backwards', async () => {
      const deadline = '2026-01-03T18:00:00.000Z';
      const reserved = eventMessage(S, 1, {
        type: 'order.reserved',
        orderId: 'o-3',
        parcels: [{ parcelId: 'p-1', compartment: 1, zone: 'chilled', size: 'M', deadline }],
      });
      await store.recordEvent(reserved, now);
      await store.recordEvent(
        eventMessage(S, 4, { type: 'order.cancelled', orderId: 'o-3', reason: 'customer' }),
        now,
      );
      await store.recordEvent(eventMessage(S, 3, { type: 'order.extended', orderId: 'o-3', deadline }), now);
      expect((await store.getOrder('default', 'o-3'))?.state).toBe('cancelled');
    });

    it('lists open alarms most severe first and newest first, and follows clear and acknowledge', async () => {
      const raise = (seq: number, alarmId: string, severity: 'info' | 'warning' | 'critical') =>
        eventMessage(S, seq, {
          type: 'alarm.raised',
          alarmId,
          kind: 'temperature_high',
          severity,
          compartment: 1,
          probeId: 'p1',
          detail: 'above 7 °C',
        });
      await store.recordEvent(raise(1, 'a-old-critical', 'critical'), now);
      await store.recordEvent(raise(2, 'a-warning', 'warning'), now);
      await store.recordEvent(raise(3, 'a-new-critical', 'critical'), now);
      await store.recordEvent(raise(4, 'a-info', 'info'), now);
      expect((await store.listAlarms({ state: 'open' })).map((a) => a.alarmId)).toEqual([
        'a-new-critical',
        'a-old-critical',
        'a-warning',
        'a-info',
      ]);
      await store.recordEvent(
        eventMessage(S, 5, { type: 'alarm.cleared', alarmId: 'a-warning', kind: 'temperature_high' }),
        now,
      );
      await store.recordEvent(
        eventMessage(S, 6, { type: 'alarm.acknowledged', alarmId: 'a-info', by: 'ops', note: 'seen' }),
        now,
      );
      expect((await store.listAlarms({ state: 'open' })).map((a) => a.alarmId)).not.toContain('a-warning');
      const [info] = await store.findAlarms('a-info');
      expect(info?.acknowledged).toMatchObject({ by: 'ops', note: 'seen' });
      expect((await store.getStation(S))?.openAlarms).toBe(3);
    });

    it('takes a full snapshot as the truth: alarms it no longer lists were cleared while the bridge was away', async () => {
      await store.recordEvent(
        eventMessage(S, 1, {
          type: 'alarm.raised',
          alarmId: 'a-1',
          kind: 'door_left_open',
          severity: 'warning',
          compartment: 1,
          probeId: null,
          detail: 'open 5 min',
        }),
        now,
      );
      const missed = {
        alarmId: 'a-2',
        kind: 'probe_missing',
        compartment: 2,
        raisedAt: '2026-01-01T08:00:09.000Z',
      };
      await store.recordState(stateMessage(S, [compartment(1), compartment(2)], 9, [missed]), now);
      const open = await store.listAlarms({ state: 'open', stationId: S });
      expect(open.map((a) => a.alarmId)).toEqual(['a-2']);
    });

    it('drops a telemetry batch delivered twice and down-samples history into buckets', async () => {
      await store.recordState(stateMessage(S, [compartment(1)]), now);
      const batch = telemetryMessage(
        S,
        [
          { probeId: 'p1', compartment: 1, at: '2026-01-01T08:00:10.000Z', celsius: 4 },
          { probeId: 'p1', compartment: 1, at: '2026-01-01T08:00:20.000Z', celsius: 6 },
          { probeId: 'p1', compartment: 1, at: '2026-01-01T08:01:10.000Z', celsius: 8 },
        ],
        [{ compartment: 1, open: true }],
      );
      expect(await store.recordTelemetry(batch, now)).toBe(true);
      expect(await store.recordTelemetry(batch, now)).toBe(false);
      const range = { from: new Date('2026-01-01T08:00:00Z'), to: new Date('2026-01-01T09:00:00Z') };
      expect(await store.temperatureHistory(S, range, 60)).toEqual([
        {
          probeId: 'p1',
          compartment: 1,
          at: '2026-01-01T08:00:00.000Z',
          samples: 2,
          minCelsius: 4,
          avgCelsius: 5,
          maxCelsius: 6,
        },
        {
          probeId: 'p1',
          compartment: 1,
          at: '2026-01-01T08:01:00.000Z',
          samples: 1,
          minCelsius: 8,
          avgCelsius: 8,
          maxCelsius: 8,
        },
      ]);
      expect((await store.temperatureHistory(S, range, 3600))[0]).toMatchObject({
        samples: 3,
        minCelsius: 4,
        maxCelsius: 8,
      });
      const c1 = (await store.getStation(S))?.compartments[0];
      expect(c1).toMatchObject({ celsius: 8, doorOpen: true });
    });

    it('keeps everything across a restart of the bridge', async () => {
      await store.recordStatus(statusMessage(S, 'online', 1), now);
      const reopened = await opened.reopen();
      expect((await reopened.getStation(S))?.state).toBe('online');
    });
  });
  describeTenantOrders(engine);
};
