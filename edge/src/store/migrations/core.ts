import type { Migration } from './migration.js';

/** Versions 10-49: compartments, orders, parcels, codes, audit, lockout, pending unlocks, samples. */
export const coreMigrations: readonly Migration[] = [
  {
    version: 10,
    name: 'station core',
    up: `
      CREATE TABLE compartments (
        no INTEGER PRIMARY KEY,
        zone TEXT NOT NULL CHECK (zone IN ('ambient', 'chilled', 'cold', 'frozen')),
        size TEXT NOT NULL CHECK (size IN ('S', 'M', 'L')),
        lock_channel INTEGER NOT NULL,
        door_input INTEGER NOT NULL,
        location TEXT,
        -- 0 when the compartment disappeared from the config; kept for its history
        configured INTEGER NOT NULL DEFAULT 1,
        blocked_reason TEXT,
        blocked_by TEXT,
        blocked_at TEXT,
        -- last known switch states; NULL = unknown
        door_open INTEGER,
        occupied INTEGER
      );

      CREATE TABLE orders (
        order_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        cancelled INTEGER NOT NULL DEFAULT 0,
        cancel_reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        closed_at TEXT
      );

      CREATE TABLE parcels (
        order_id TEXT NOT NULL REFERENCES orders (order_id),
        parcel_id TEXT NOT NULL,
        producer TEXT NOT NULL,
        zone TEXT NOT NULL,
        size TEXT NOT NULL,
        compartment_no INTEGER NOT NULL REFERENCES compartments (no),
        state TEXT NOT NULL,
        goods_inside INTEGER NOT NULL DEFAULT 0,
        deadline TEXT NOT NULL,
        reminded INTEGER NOT NULL DEFAULT 0,
        hold_reason TEXT,
        loaded_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (order_id, parcel_id)
      );
      CREATE INDEX parcels_by_compartment ON parcels (compartment_no, state);
      CREATE INDEX parcels_by_state ON parcels (state, deadline);

      -- Only MACs: the clear codes leave the station once, in the codes.issued event.
      CREATE TABLE codes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        mac BLOB NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('pickup', 'qr', 'loading', 'retrieval', 'service')),
        order_id TEXT,
        parcel_id TEXT,
        compartment_no INTEGER,
        status TEXT NOT NULL CHECK (status IN ('active', 'used', 'revoked', 'expired')),
        valid_until TEXT NOT NULL,
        created_at TEXT NOT NULL,
        used_at TEXT,
        issued_by TEXT
      );
      CREATE INDEX codes_by_status ON codes (status, valid_until);
      CREATE INDEX codes_by_order ON codes (order_id, kind);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        compartment_no INTEGER,
        reason TEXT,
        order_id TEXT,
        parcel_id TEXT,
        by TEXT,
        detail TEXT
      );
      CREATE INDEX audit_by_compartment ON audit_log (compartment_no, id);

      CREATE TABLE lockout_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failures INTEGER NOT NULL,
        locked_remaining_ms INTEGER NOT NULL,
        since_failure_ms INTEGER,
        written_at TEXT NOT NULL
      );

      -- At most one unlock in flight per compartment; rows that survive a crash are reconciled at start.
      CREATE TABLE pending_unlocks (
        compartment_no INTEGER PRIMARY KEY REFERENCES compartments (no),
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pulsing', 'unlocked', 'unknown', 'opened')),
        order_id TEXT,
        parcel_id TEXT,
        code_id INTEGER REFERENCES codes (id),
        code_consumed INTEGER NOT NULL DEFAULT 0,
        by TEXT,
        requested_at TEXT NOT NULL,
        unlocked_at TEXT,
        opened_at TEXT
      );

      -- One row per probe reading; compartments map to probes through the config.
      CREATE TABLE temperature_samples (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        probe_id TEXT NOT NULL,
        at TEXT NOT NULL,
        celsius REAL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'missing', 'fault'))
      );
      CREATE INDEX samples_by_probe ON temperature_samples (probe_id, at);
    `,
  },
  {
    version: 11,
    name: 'orders per tenant',
    // The tenant (marketplace) of each order; orders from before tenants are the default tenant's.
    // order_id is the station's local key (domain/order-key.ts), unique per (tenant, order id).
    up: `ALTER TABLE orders ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';`,
  },
];
