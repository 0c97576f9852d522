import type { Zone } from '@regiobox/contract';
import type { Db } from './database.js';

export interface LoadedParcel {
  readonly orderId: string;
  readonly parcelId: string;
  readonly compartmentNo: number;
  readonly zone: Zone;
  readonly state: 'loaded' | 'held';
  readonly loadedAt: string | null;
}

/** Goods that are in a compartment now: their cold chain is being recorded. */
export const loadedParcels = (db: Db): LoadedParcel[] =>
  db
    .prepare(
      `SELECT order_id AS orderId, parcel_id AS parcelId, compartment_no AS compartmentNo, zone, state,
              loaded_at AS loadedAt
       FROM parcels WHERE state IN ('loaded', 'held') ORDER BY compartment_no`,
    )
    .all() as LoadedParcel[];
