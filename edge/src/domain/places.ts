import type { Zone } from '@regiobox/contract';
import { DomainError } from './errors.js';

export interface StoragePlace {
  readonly no: number;
  readonly zone: Zone;
  readonly blocked: boolean;
}

/**
 * A counter's plan for where an order's parcels will be stored: each parcel in the first place of
 * its zone that is in service. Unlike a compartment, a place holds many parcels, so nothing is
 * "taken"; staff choose the real place when the producer delivers.
 */
export const planPlaces = (
  parcels: readonly { readonly parcelId: string; readonly zone: Zone }[],
  places: readonly StoragePlace[],
): Map<string, number> => {
  const result = new Map<string, number>();
  const byNo = [...places].sort((a, b) => a.no - b.no);
  for (const p of parcels) {
    const place = byNo.find((x) => x.zone === p.zone && !x.blocked);
    if (!place)
      throw new DomainError(
        'NO_FREE_COMPARTMENT',
        `this counter has no ${p.zone} place in service for parcel ${p.parcelId}`,
        {
          parcelId: p.parcelId,
          zone: p.zone,
        },
      );
    result.set(p.parcelId, place.no);
  }
  return result;
};

/** Whether goods of `parcelZone` may be stored at a place of `placeZone`: only in their own zone. */
export const placeFits = (parcelZone: Zone, placeZone: Zone): boolean => parcelZone === placeZone;
