import type { PgMigration } from './migrate.js';

/**
 * The PostgreSQL schema of everything bridge instances share. Append only: never edit a migration
 * that has shipped. Same areas, table names and version ranges as the SQLite file
 * (store/migrations.ts): fleet 1–49 (`fleet_`), command outbox 50–69 (`cmd_`), webhook outbox 70–89
 * (`hook_`), and here also the station registry 90–99 (`registry_`). Times are timestamptz; JSON
 * bodies are `json` (kept byte for byte as the bridge wrote them).
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'fleet stations, compartments, probes and telemetry history',
    up: `
      CREATE TABLE fleet_stations (
        station_id text PRIMARY KEY,
        state text NOT NULL DEFAULT 'unknown',
        session bigint,
        session_id text,
        status_at timestamptz,
        last_seen_at timestamptz,
        last_seq bigint NOT NULL DEFAULT 0,
        state_seq bigint NOT NULL DEFAULT 0,
        state_at timestamptz,
        capabilities_json json,
        health_json json,
        limits_json json,
        first_seen_at timestamptz NOT NULL
      );
      CREATE TABLE fleet_compartments (
        station_id text NOT NULL,
        no integer NOT NULL,
        zone text NOT NULL,
        size text NOT NULL,
        state text NOT NULL,
        door_open boolean,
        occupied boolean,
        celsius double precision,
        order_id text,
        blocked_reason text,
        seq bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (station_id, no)
      );
      CREATE TABLE fleet_probe_readings (
        station_id text NOT NULL,
        probe_id text NOT NULL,
        compartment integer,
        celsius double precision,
        status text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (station_id, probe_id)
      );
      CREATE TABLE fleet_temperature_history (
        station_id text NOT NULL,
        probe_id text NOT NULL,
        bucket_start bigint NOT NULL,
        compartment integer,
        samples integer NOT NULL,
        sum_c double precision NOT NULL,
        min_c double precision,
        max_c double precision,
        faults integer NOT NULL,
        PRIMARY KEY (station_id, probe_id, bucket_start)
      );
      CREATE INDEX fleet_temperature_history_age ON fleet_temperature_history (bucket_start);
      CREATE TABLE fleet_telemetry_batches (
        station_id text NOT NULL,
        batch_id text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (station_id, batch_id)
      );
      CREATE INDEX fleet_telemetry_batches_age ON fleet_telemetry_batches (received_at);`,
  },
  {
    version: 2,
    name: 'fleet events, alarms and daily summaries',
    // An event is stored once: unique by (station, seq) and by its id, whichever instance gets it.
    up: `
      CREATE TABLE fleet_events (
        station_id text NOT NULL,
        seq bigint NOT NULL,
        event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        order_id text,
        body_json json NOT NULL,
        PRIMARY KEY (station_id, seq)
      );
      CREATE INDEX fleet_events_order ON fleet_events (order_id) WHERE order_id IS NOT NULL;
      CREATE INDEX fleet_events_age ON fleet_events (at);
      CREATE TABLE fleet_alarms (
        station_id text NOT NULL,
        alarm_id text NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        compartment integer,
        probe_id text,
        detail text NOT NULL,
        state text NOT NULL,
        raised_at timestamptz NOT NULL,
        cleared_at timestamptz,
        acked_at timestamptz,
        acked_by text,
        ack_note text,
        PRIMARY KEY (station_id, alarm_id)
      );
      CREATE INDEX fleet_alarms_state ON fleet_alarms (state, raised_at);
      CREATE INDEX fleet_alarms_id ON fleet_alarms (alarm_id);
      CREATE TABLE fleet_daily_summaries (
        station_id text NOT NULL,
        day text NOT NULL,
        pickups integer NOT NULL,
        loads integer NOT NULL,
        expiries integer,
        alarms integer NOT NULL,
        excursions integer,
        uptime_minutes integer,
        compartment_use_json json,
        event_id text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (station_id, day)
      );
      CREATE INDEX fleet_daily_by_day ON fleet_daily_summaries (day);`,
  },
  {
    version: 3,
    name: 'fleet orders, parcels and cold chain',
    up: `
      CREATE TABLE fleet_orders (
        order_id text PRIMARY KEY,
        station_id text NOT NULL,
        state text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq bigint NOT NULL
      );
      CREATE TABLE fleet_parcels (
        order_id text NOT NULL,
        parcel_id text NOT NULL,
        station_id text NOT NULL,
        compartment integer NOT NULL,
        zone text NOT NULL,
        size text NOT NULL,
        deadline timestamptz,
        state text NOT NULL,
        last_seq bigint NOT NULL,
        PRIMARY KEY (order_id, parcel_id)
      );
      CREATE TABLE fleet_cold_chain (
        event_id text PRIMARY KEY,
        station_id text NOT NULL,
        order_id text NOT NULL,
        parcel_id text NOT NULL,
        kind text NOT NULL,
        record_json json NOT NULL,
        to_at timestamptz NOT NULL
      );
      CREATE INDEX fleet_cold_chain_station ON fleet_cold_chain (station_id, to_at);
      CREATE INDEX fleet_cold_chain_order ON fleet_cold_chain (order_id);`,
  },
  {
    version: 4,
    name: 'fleet station kind',
    // What kind of pick-up point (locker, counter, van) the birth says; stations before the field are lockers.
    up: `ALTER TABLE fleet_stations ADD COLUMN kind text NOT NULL DEFAULT 'locker';`,
  },
  {
    version: 5,
    name: 'fleet orders per tenant',
    // As SQLite's 22: orders are keyed by (tenant, order_id); everything before tenants is `default`'s.
    up: `
      ALTER TABLE fleet_orders ADD COLUMN tenant text NOT NULL DEFAULT 'default';
      ALTER TABLE fleet_orders DROP CONSTRAINT fleet_orders_pkey;
      ALTER TABLE fleet_orders ADD PRIMARY KEY (tenant, order_id);
      ALTER TABLE fleet_parcels ADD COLUMN tenant text NOT NULL DEFAULT 'default';
      ALTER TABLE fleet_parcels DROP CONSTRAINT fleet_parcels_pkey;
      ALTER TABLE fleet_parcels ADD PRIMARY KEY (tenant, order_id, parcel_id);
      ALTER TABLE fleet_cold_chain ADD COLUMN tenant text NOT NULL DEFAULT 'default';
      DROP INDEX fleet_cold_chain_order;
      CREATE INDEX fleet_cold_chain_order ON fleet_cold_chain (tenant, order_id);
      ALTER TABLE fleet_events ADD COLUMN tenant text;
      UPDATE fleet_events SET tenant = 'default' WHERE order_id IS NOT NULL;
      DROP INDEX fleet_events_order;
      CREATE INDEX fleet_events_order ON fleet_events (tenant, order_id) WHERE order_id IS NOT NULL;
      ALTER TABLE fleet_compartments ADD COLUMN tenant text;
      UPDATE fleet_compartments SET tenant = 'default' WHERE order_id IS NOT NULL;
      ALTER TABLE fleet_compartments ADD COLUMN tenants_json json;`,
  },
  {
    version: 50,
    name: 'command outbox',
    // pos keeps the order in which commands were queued (SQLite's rowid).
    up: `
      CREATE TABLE cmd_commands (
        id text PRIMARY KEY,
        pos bigint GENERATED ALWAYS AS IDENTITY,
        station_id text NOT NULL,
        type text NOT NULL,
        order_id text,
        message_json json NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        state text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        sent_at timestamptz,
        sent_session bigint,
        replied_at timestamptz,
        reply_json json,
        undelivered_result_json text
      );
      CREATE INDEX cmd_commands_station_state ON cmd_commands (station_id, state, created_at);
      CREATE INDEX cmd_commands_order ON cmd_commands (order_id) WHERE order_id IS NOT NULL;
      CREATE INDEX cmd_commands_expiry ON cmd_commands (state, expires_at);`,
  },
  {
    version: 52,
    name: 'command awaited by an instance',
    // Until when an HTTP caller on some bridge instance waits for the reply (see CommandCenter).
    up: 'ALTER TABLE cmd_commands ADD COLUMN awaited_until timestamptz;',
  },
  {
    version: 53,
    name: 'commands per tenant',
    // As SQLite's 51: the tenant that issued the command; commands before tenants were `default`'s.
    up: `
      ALTER TABLE cmd_commands ADD COLUMN tenant text NOT NULL DEFAULT 'default';
      DROP INDEX cmd_commands_order;
      CREATE INDEX cmd_commands_order ON cmd_commands (tenant, order_id) WHERE order_id IS NOT NULL;`,
  },
  {
    version: 70,
    name: 'webhook outbox with claims',
    // claimed_by/claimed_until: the instance delivering the row and its lease; an instance that dies
    // mid-delivery loses the row to another once the lease has run out.
    up: `
      CREATE TABLE hook_deliveries (
        pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        endpoint_id text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        body text,
        state text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        claimed_by text,
        claimed_until timestamptz,
        UNIQUE (endpoint_id, event_id)
      );
      CREATE INDEX hook_deliveries_due ON hook_deliveries (endpoint_id, pos) WHERE state = 'pending';
      CREATE INDEX hook_deliveries_finished ON hook_deliveries (finished_at) WHERE state <> 'pending';`,
  },
  {
    version: 90,
    name: 'station registry and service users',
    up: `
      CREATE TABLE registry_stations (
        station_id text PRIMARY KEY,
        password_hash text NOT NULL,
        mosquitto_hash text NOT NULL,
        command_key text NOT NULL,
        generation integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        rotated_at timestamptz NOT NULL
      );
      CREATE TABLE registry_service_users (
        username text PRIMARY KEY,
        password_hash text NOT NULL,
        mosquitto_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        rotated_at timestamptz NOT NULL
      );`,
  },
];
