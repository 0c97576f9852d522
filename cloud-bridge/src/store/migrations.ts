export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

/**
 * Append only: never edit a migration that has shipped. Each area owns a range of versions and a
 * table prefix: fleet state 1–49 (`fleet_`), command outbox 50–69 (`cmd_`), webhook outbox 70–89
 * (`hook_`).
 */
export const BRIDGE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'fleet stations, compartments and probes',
    up: `
      CREATE TABLE fleet_stations (
        station_id TEXT PRIMARY KEY,
        state TEXT NOT NULL DEFAULT 'unknown',
        session INTEGER,
        session_id TEXT,
        status_at TEXT,
        last_seen_at TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0,
        state_seq INTEGER NOT NULL DEFAULT 0,
        state_at TEXT,
        capabilities_json TEXT,
        health_json TEXT,
        first_seen_at TEXT NOT NULL
      );
      CREATE TABLE fleet_compartments (
        station_id TEXT NOT NULL,
        no INTEGER NOT NULL,
        zone TEXT NOT NULL,
        size TEXT NOT NULL,
        state TEXT NOT NULL,
        door_open INTEGER,
        occupied INTEGER,
        celsius REAL,
        order_id TEXT,
        blocked_reason TEXT,
        seq INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (station_id, no)
      );
      CREATE TABLE fleet_probe_readings (
        station_id TEXT NOT NULL,
        probe_id TEXT NOT NULL,
        compartment INTEGER,
        celsius REAL,
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (station_id, probe_id)
      );`,
  },
  {
    version: 2,
    name: 'fleet telemetry history',
    up: `
      CREATE TABLE fleet_temperature_history (
        station_id TEXT NOT NULL,
        probe_id TEXT NOT NULL,
        bucket_start INTEGER NOT NULL,
        compartment INTEGER,
        samples INTEGER NOT NULL,
        sum_c REAL NOT NULL,
        min_c REAL,
        max_c REAL,
        faults INTEGER NOT NULL,
        PRIMARY KEY (station_id, probe_id, bucket_start)
      ) WITHOUT ROWID;
      CREATE TABLE fleet_telemetry_batches (
        station_id TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (station_id, batch_id)
      );`,
  },
  {
    version: 3,
    name: 'fleet events, orders, cold chain, alarms',
    up: `
      CREATE TABLE fleet_events (
        station_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        order_id TEXT,
        body_json TEXT NOT NULL,
        PRIMARY KEY (station_id, seq)
      );
      CREATE INDEX fleet_events_order ON fleet_events (order_id) WHERE order_id IS NOT NULL;
      CREATE TABLE fleet_orders (
        order_id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_seq INTEGER NOT NULL
      );
      CREATE TABLE fleet_parcels (
        order_id TEXT NOT NULL,
        parcel_id TEXT NOT NULL,
        station_id TEXT NOT NULL,
        compartment INTEGER NOT NULL,
        zone TEXT NOT NULL,
        size TEXT NOT NULL,
        deadline TEXT,
        state TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (order_id, parcel_id)
      );
      CREATE TABLE fleet_cold_chain (
        event_id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        order_id TEXT NOT NULL,
        parcel_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        record_json TEXT NOT NULL,
        to_at TEXT NOT NULL
      );
      CREATE INDEX fleet_cold_chain_station ON fleet_cold_chain (station_id, to_at);
      CREATE INDEX fleet_cold_chain_order ON fleet_cold_chain (order_id);
      CREATE TABLE fleet_alarms (
        station_id TEXT NOT NULL,
        alarm_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        compartment INTEGER,
        probe_id TEXT,
        detail TEXT NOT NULL,
        state TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        cleared_at TEXT,
        acked_at TEXT,
        acked_by TEXT,
        ack_note TEXT,
        PRIMARY KEY (station_id, alarm_id)
      );
      CREATE INDEX fleet_alarms_state ON fleet_alarms (state, raised_at);
      CREATE INDEX fleet_alarms_id ON fleet_alarms (alarm_id);`,
  },
  {
    version: 20,
    name: 'fleet limits in force and daily summaries',
    // limits_json: the station's per-compartment limits from its birth (the charts draw them).
    // One row per station and day, replaced when a station sends the same day again.
    up: `
      ALTER TABLE fleet_stations ADD COLUMN limits_json TEXT;
      CREATE TABLE fleet_daily_summaries (
        station_id TEXT NOT NULL,
        day TEXT NOT NULL,
        pickups INTEGER NOT NULL,
        loads INTEGER NOT NULL,
        expiries INTEGER,
        alarms INTEGER NOT NULL,
        excursions INTEGER,
        uptime_minutes INTEGER,
        compartment_use_json TEXT,
        event_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (station_id, day)
      );
      CREATE INDEX fleet_daily_by_day ON fleet_daily_summaries (day);
    `,
  },
  {
    version: 21,
    name: 'fleet station kind',
    // What kind of pick-up point (locker, counter, van) the birth says; stations before the field are lockers.
    up: `ALTER TABLE fleet_stations ADD COLUMN kind TEXT NOT NULL DEFAULT 'locker';`,
  },
  {
    version: 22,
    name: 'fleet orders per tenant',
    // Order ids are unique per tenant, not per bridge: orders and parcels are keyed by
    // (tenant, order_id). Everything from before tenants belongs to the tenant `default`.
    // fleet_events.tenant: the tenant of an order event (NULL for station-level events).
    // fleet_compartments.tenant: the tenant of the order inside; tenants_json: who may use it
    // (NULL: the shared pool).
    up: `
      CREATE TABLE fleet_orders_v21 (
        tenant TEXT NOT NULL,
        order_id TEXT NOT NULL,
        station_id TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (tenant, order_id)
      );
      INSERT INTO fleet_orders_v21 (tenant, order_id, station_id, state, created_at, updated_at, last_seq)
        SELECT 'default', order_id, station_id, state, created_at, updated_at, last_seq FROM fleet_orders;
      DROP TABLE fleet_orders;
      ALTER TABLE fleet_orders_v21 RENAME TO fleet_orders;
      CREATE TABLE fleet_parcels_v21 (
        tenant TEXT NOT NULL,
        order_id TEXT NOT NULL,
        parcel_id TEXT NOT NULL,
        station_id TEXT NOT NULL,
        compartment INTEGER NOT NULL,
        zone TEXT NOT NULL,
        size TEXT NOT NULL,
        deadline TEXT,
        state TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (tenant, order_id, parcel_id)
      );
      INSERT INTO fleet_parcels_v21 (tenant, order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq)
        SELECT 'default', order_id, parcel_id, station_id, compartment, zone, size, deadline, state, last_seq
        FROM fleet_parcels;
      DROP TABLE fleet_parcels;
      ALTER TABLE fleet_parcels_v21 RENAME TO fleet_parcels;
      ALTER TABLE fleet_cold_chain ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
      DROP INDEX fleet_cold_chain_order;
      CREATE INDEX fleet_cold_chain_order ON fleet_cold_chain (tenant, order_id);
      ALTER TABLE fleet_events ADD COLUMN tenant TEXT;
      UPDATE fleet_events SET tenant = 'default' WHERE order_id IS NOT NULL;
      DROP INDEX fleet_events_order;
      CREATE INDEX fleet_events_order ON fleet_events (tenant, order_id) WHERE order_id IS NOT NULL;
      ALTER TABLE fleet_compartments ADD COLUMN tenant TEXT;
      UPDATE fleet_compartments SET tenant = 'default' WHERE order_id IS NOT NULL;
      ALTER TABLE fleet_compartments ADD COLUMN tenants_json TEXT;
    `,
  },
  {
    version: 50,
    name: 'command outbox',
    up: `
      CREATE TABLE cmd_commands (
        id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        type TEXT NOT NULL,
        order_id TEXT,
        message_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        sent_at TEXT,
        sent_session INTEGER,
        replied_at TEXT,
        reply_json TEXT,
        undelivered_result_json TEXT
      );
      CREATE INDEX cmd_commands_station_state ON cmd_commands (station_id, state, created_at);
      CREATE INDEX cmd_commands_order ON cmd_commands (order_id) WHERE order_id IS NOT NULL;
      CREATE INDEX cmd_commands_expiry ON cmd_commands (state, expires_at);`,
  },
  {
    version: 52,
    name: 'command awaited by an instance',
    // Until when an HTTP caller on some bridge instance waits for the reply (see CommandCenter).
    up: 'ALTER TABLE cmd_commands ADD COLUMN awaited_until TEXT;',
  },
  {
    version: 70,
    name: 'webhook outbox',
    up: `
      CREATE TABLE hook_deliveries (
        pos INTEGER PRIMARY KEY AUTOINCREMENT,
        endpoint_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        UNIQUE (endpoint_id, event_id)
      );
      CREATE INDEX hook_deliveries_due ON hook_deliveries (endpoint_id, state, pos);`,
  },
  {
    version: 51,
    name: 'commands per tenant',
    // the tenant that issued the command (its order is looked up within it; its outcome goes to that
    // tenant's webhooks); commands from before tenants were the default tenant's
    up: `
      ALTER TABLE cmd_commands ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
      DROP INDEX cmd_commands_order;
      CREATE INDEX cmd_commands_order ON cmd_commands (tenant, order_id) WHERE order_id IS NOT NULL;`,
  },
];
