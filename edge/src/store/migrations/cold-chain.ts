import type { Migration } from './migration.js';

/** Versions 70-99: alarms and the cold-chain accounts of loaded parcels. */
export const coldChainMigrations: readonly Migration[] = [
  {
    version: 70,
    name: 'alarms and cold-chain accounts',
    up: `
      -- One row per alarm episode; outstanding until both cleared and acknowledged.
      CREATE TABLE alarms (
        alarm_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        compartment_no INTEGER,
        probe_id TEXT,
        detail TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        cleared_at TEXT,
        acknowledged_at TEXT,
        acknowledged_by TEXT,
        ack_note TEXT
      );
      CREATE INDEX alarms_outstanding ON alarms (raised_at) WHERE cleared_at IS NULL OR acknowledged_at IS NULL;
      CREATE INDEX alarms_by_time ON alarms (raised_at);

      -- The running cold-chain record of each loaded parcel (accumulator state as JSON, parsed on
      -- load), its final record once picked up or removed, and its hold. No foreign key to parcels:
      -- the record outlives the parcel for the HACCP log.
      CREATE TABLE cold_chain_accounts (
        order_id TEXT NOT NULL,
        parcel_id TEXT NOT NULL,
        compartment_no INTEGER NOT NULL,
        zone TEXT NOT NULL CHECK (zone IN ('ambient', 'chilled', 'cold', 'frozen')),
        loaded_at TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        closed_at TEXT,
        record TEXT,
        hold_status TEXT NOT NULL DEFAULT 'none'
          CHECK (hold_status IN ('none', 'held', 'released', 'discarded')),
        hold_reason TEXT CHECK (hold_reason IN ('budget_exceeded', 'thawed')),
        held_at TEXT,
        decided_at TEXT,
        decided_by TEXT,
        decided_why TEXT,
        PRIMARY KEY (order_id, parcel_id)
      );
      CREATE INDEX cold_chain_open ON cold_chain_accounts (compartment_no) WHERE closed_at IS NULL;
      CREATE INDEX cold_chain_by_loaded ON cold_chain_accounts (loaded_at);
    `,
  },
  {
    version: 71,
    name: 'sample_limits',
    // Each sample keeps the limits in force when it was taken, so that a later change of limits never
    // rewrites the HACCP log. `limits_known` is 0 for samples from before this column existed (the
    // export then shows the config's limits) and 1 where NULL limits mean "no limit".
    up: `
      ALTER TABLE temperature_samples ADD COLUMN upper_limit_celsius REAL;
      ALTER TABLE temperature_samples ADD COLUMN lower_limit_celsius REAL;
      ALTER TABLE temperature_samples ADD COLUMN limits_known INTEGER NOT NULL DEFAULT 0;
    `,
  },
];
