import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Where a station keeps its database inside its data directory. */
export const stationDatabaseFile = (dataDir: string): string => join(dataDir, 'station.db');

export interface StationParcel {
  readonly orderId: string;
  readonly parcelId: string;
  readonly compartment: number;
  readonly state: string;
}

export interface StationUnlock {
  readonly compartment: number;
  readonly reason: string;
  readonly orderId: string | null;
  readonly at: string;
}

/**
 * What a station's own database says, for tools and checks outside the station (the simulator's
 * scenario checks): read-only, from its SQLite file, beside a running station.
 */
export interface StationRecords {
  /** the last event sequence number the station assigned */
  readonly lastSeq: number;
  /** events still waiting in the outbox for the broker */
  readonly undelivered: number;
  readonly parcels: readonly StationParcel[];
  readonly unlocksRequested: readonly StationUnlock[];
}

export function readStationRecords(dataDir: string): StationRecords {
  const db = new Database(stationDatabaseFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    const seq = db.prepare("SELECT value FROM meta WHERE key = 'event_seq'").get() as
      | { value: string }
      | undefined;
    const undelivered = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'event'").get() as {
      n: number;
    };
    const parcels = db
      .prepare(
        'SELECT order_id AS orderId, parcel_id AS parcelId, compartment_no AS compartment, state FROM parcels',
      )
      .all() as StationParcel[];
    const unlocksRequested = db
      .prepare(
        "SELECT compartment_no AS compartment, reason, order_id AS orderId, at FROM audit_log WHERE action = 'unlock_requested' ORDER BY id",
      )
      .all() as StationUnlock[];
    return { lastSeq: seq ? Number(seq.value) : 0, undelivered: undelivered.n, parcels, unlocksRequested };
  } finally {
    db.close();
  }
}
