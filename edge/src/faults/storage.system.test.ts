import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TestMarketplace } from '../link/testing/marketplace.js';
import { TestBroker } from '../link/testing/test-broker.js';
import { until } from '../link/testing/until.js';
import type { ReserveResult } from '../station/api.js';
import type { Station } from '../station.js';
import { FaultRig, STATION } from './testing/fault-rig.js';
import { allDelivered, bodies, latestStatus, oneTo, seqs } from './testing/market-view.js';
import { SmallFs } from './testing/small-fs.js';

/** How a storage fault is made and taken away again. */
interface StorageFault {
  readonly what: string;
  begin(station: Station): void;
  end(station: Station): void;
}

describe('fault: the station’s storage refuses writes', () => {
  let broker: TestBroker;
  let market: TestMarketplace;
  let rig: FaultRig | undefined;
  let fs: SmallFs | null = null;

  afterEach(async () => {
    await rig?.close();
    fs?.unmount();
    fs = null;
    rig = undefined;
    await market.close();
    await broker.close();
  });

  const startLoaded = async (dataDir?: string): Promise<{ station: Station; order: ReserveResult }> => {
    broker = await TestBroker.start();
    market = await TestMarketplace.connect(broker.url, STATION);
    rig = new FaultRig({ brokerUrl: broker.url, dataDir });
    await rig.plugBoard();
    const station = await rig.start();
    const order = await station.service.reserve({
      orderId: 'order-5',
      parcels: [{ parcelId: 'eggs', producer: 'Hof Brandt', zone: 'ambient', size: 'S' }],
    });
    expect(await rig.enterCode(order.parcels[0]?.loadingCode ?? '')).toMatchObject({ ok: true });
    await rig.useDoor(1, true, 'loaded');
    await until('the load at the marketplace', () => bodies(market.events, 'parcel.loaded').length === 1);
    return { station, order };
  };

  /** The customer arrives during the fault, then again after it: what they see, what the marketplace gets. */
  const rideOut = async (
    station: Station,
    order: ReserveResult,
    fault: StorageFault,
    meanwhile: () => void = () => {},
  ): Promise<void> => {
    const r = rig as FaultRig;
    const pulses = r.pulsedChannels().length;
    const storageClears = () =>
      bodies(market.events, 'alarm.cleared').filter((a) => a.kind === 'storage_fault');
    const clearsBefore = storageClears().length;
    fault.begin(station);
    // straight to the station (as if the kiosk had not noticed yet): the durable unlock record fails first
    expect(await station.service.submitCode(order.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'OUT_OF_SERVICE',
      message: expect.stringContaining('stays valid'),
    });
    await until(`the kiosk out of service (${fault.what})`, async () =>
      (await r.kioskStatus()).outOfService?.reason === 'STORAGE_FAULT' ? true : undefined,
    );
    expect(await r.enterCode(order.pickupPin)).toMatchObject({ ok: false, reason: 'OUT_OF_SERVICE' });
    await until('a birth saying storage: fault', () => latestStatus([market])?.health?.storage === 'fault');
    expect(r.pulsedChannels()).toHaveLength(pulses);
    expect(station.db.prepare('SELECT COUNT(*) AS n FROM pending_unlocks').get()).toEqual({ n: 0 });
    meanwhile();

    fault.end(station);
    await until('the kiosk back in service', async () =>
      (await r.kioskStatus()).outOfService === null ? true : undefined,
    );
    await until('a birth saying storage: ok', () => latestStatus([market])?.health?.storage === 'ok');
    const cleared = await until('storage_fault recorded once storage works', () =>
      storageClears().length > clearsBefore ? storageClears().at(-1) : undefined,
    );
    expect(cleared.detail).toMatch(/writes work again/);
  };

  const customerCollects = async (station: Station, order: ReserveResult): Promise<void> => {
    const r = rig as FaultRig;
    expect(await r.enterCode(order.pickupPin)).toMatchObject({ ok: true, compartments: [{ no: 1 }] });
    await r.useDoor(1, false, 'free');
    const events = await allDelivered([market], station);
    expect(seqs(events)).toEqual(oneTo(events.length));
    expect(bodies(events, 'parcel.picked_up').map((p) => p.parcelId)).toEqual(['eggs']);
    expect(station.db.pragma('integrity_check', { simple: true })).toBe('ok');
  };

  it('a full disk: no door opens that cannot be recorded, the fault is told and recorded afterwards, the PIN still works', async () => {
    fs = SmallFs.mount(8);
    const { station, order } = await startLoaded(fs ? join(fs.dir, 'data') : undefined);
    const small = fs;
    const fault: StorageFault = small
      ? {
          what: 'tmpfs full',
          begin: (s) => {
            // an empty WAL, so that the next write needs new space
            s.db.pragma('wal_checkpoint(TRUNCATE)');
            small.fill();
          },
          end: () => small.free(),
        }
      : {
          // no mount on this machine: SQLite's own refusal, injected at the store boundary
          what: 'injected read-only',
          begin: (s) => s.db.pragma('query_only = ON'),
          end: (s) => s.db.pragma('query_only = OFF'),
        };
    // during the fault someone forces the empty compartment 2: nothing can be written then
    await rideOut(station, order, fault, () => rig?.board.forceDoor(1));
    const raised = bodies(market.events, 'alarm.raised').find((a) => a.kind === 'storage_fault');
    expect(raised?.detail).toMatch(small ? /full/ : /readonly/);
    // once storage works, the doors are read again and the forced door is reported after all
    await until('door_forced for compartment 2', () =>
      bodies(market.events, 'alarm.raised').some((a) => a.kind === 'door_forced' && a.compartment === 2),
    );
    rig?.board.closeDoor(1);
    await until('compartment 2 shut again', () => rig?.compartment(2)?.doorOpen === false);
    await customerCollects(station, order);
  });

  it('the database locked by another process, then the file system read-only: each time out of service, and back', async () => {
    const { station, order } = await startLoaded();
    const dbFile = join(station.db.name);
    let other: Database.Database | null = null;
    await rideOut(station, order, {
      what: 'locked',
      begin: () => {
        other = new Database(dbFile);
        other.exec('BEGIN IMMEDIATE');
      },
      end: () => {
        other?.exec('ROLLBACK');
        other?.close();
      },
    });
    await rideOut(station, order, {
      what: 'read-only (injected)',
      begin: (s) => s.db.pragma('query_only = ON'),
      end: (s) => s.db.pragma('query_only = OFF'),
    });
    const details = bodies(market.events, 'alarm.raised')
      .filter((a) => a.kind === 'storage_fault')
      .map((a) => a.detail);
    expect(details).toEqual([expect.stringMatching(/locked/), expect.stringMatching(/readonly/)]);
    await customerCollects(station, order);
  });
});
