import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCommandStore } from '../../commands/command-store.js';
import { tempDatabase } from '../../test-support/temp-db.js';
import { migrate, openBridgeDatabase } from '../database.js';
import { BRIDGE_MIGRATIONS } from '../migrations.js';
import { SqliteFleetStore } from './sqlite-fleet-store.js';

const now = new Date('2026-01-01T08:00:00.000Z');
const S = 'dorfladen-1';
const deadline = '2026-01-03T18:00:00.000Z';
const reserved = (tenant: string | undefined, compartmentNo: number) => ({
  type: 'order.reserved' as const,
  ...(tenant ? { tenant } : {}),
  orderId: 'o-1',
  parcels: [
    { parcelId: 'p-1', compartment: compartmentNo, zone: 'chilled' as const, size: 'M' as const, deadline },
  ],
});

describe('orders per tenant in the SQLite fleet store', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  it('gives orders and commands from before tenants to the default tenant when an old database is opened', async () => {
    const tmp = tempDatabase();
    cleanup.push(tmp.dispose);
    // the database as a bridge from before tenants left it
    const file = path.join(path.dirname(tmp.file), 'old.db');
    const old = new Database(file);
    migrate(
      old,
      BRIDGE_MIGRATIONS.filter((m) => m.version !== 22 && m.version !== 51),
    );
    const at = now.toISOString();
    old
      .prepare(
        `INSERT INTO fleet_events (station_id, seq, event_id, type, at, received_at, order_id, body_json)
         VALUES (?, 1, 'ev-old-1', 'order.reserved', ?, ?, 'o-1', ?)`,
      )
      .run(S, at, at, JSON.stringify(reserved(undefined, 1)));
    old
      .prepare(
        `INSERT INTO fleet_orders (order_id, station_id, state, created_at, updated_at, last_seq)
         VALUES ('o-1', ?, 'reserved', ?, ?, 1)`,
      )
      .run(S, at, at);
    old
      .prepare(
        `INSERT INTO fleet_parcels (order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
         VALUES ('o-1', 'p-1', ?, 1, 'chilled', 'M', ?, 'reserved', 1)`,
      )
      .run(S, deadline);
    old
      .prepare(
        `INSERT INTO cmd_commands (id, station_id, type, order_id, message_json, created_at, expires_at, state)
         VALUES ('cmd-old-1', ?, 'reserve', 'o-1', '{}', ?, ?, 'replied')`,
      )
      .run(S, now.toISOString(), now.toISOString());
    old.close();

    const db = openBridgeDatabase(file);
    cleanup.push(() => db.close());
    const store = new SqliteFleetStore(db);
    expect(await store.getOrder('default', 'o-1')).toMatchObject({ tenant: 'default', state: 'reserved' });
    expect((await store.getOrder('default', 'o-1'))?.history).toHaveLength(1);
    expect(await new SqliteCommandStore(db).latestReservation('default', 'o-1')).toMatchObject({
      id: 'cmd-old-1',
      tenant: 'default',
    });
    expect(await new SqliteCommandStore(db).latestReservation('lorena', 'o-1')).toBeUndefined();
  });
});
