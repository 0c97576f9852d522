import type { Size, Zone } from '@regiobox/contract';
import { DomainError } from './errors.js';

const SIZE_RANK: Readonly<Record<Size, number>> = { S: 0, M: 1, L: 2 };

export interface FreeCompartment {
  readonly no: number;
  readonly zone: Zone;
  readonly size: Size;
}

export interface ParcelRequest {
  readonly parcelId: string;
  readonly zone: Zone;
  readonly size: Size;
}

/**
 * Picks a compartment for every parcel or none: each parcel gets a free compartment of its zone, the
 * smallest that fits (S < M < L), lowest number first among equals. Large parcels are placed first so
 * that a small one never takes the only large compartment a later parcel needed.
 */
export const allocate = (
  parcels: readonly ParcelRequest[],
  free: readonly FreeCompartment[],
): Map<string, number> => {
  const taken = new Set<number>();
  const result = new Map<string, number>();
  const order = parcels
    .map((p, index) => ({ p, index }))
    .sort((a, b) => SIZE_RANK[b.p.size] - SIZE_RANK[a.p.size] || a.index - b.index);
  const candidates = [...free].sort((a, b) => SIZE_RANK[a.size] - SIZE_RANK[b.size] || a.no - b.no);
  for (const { p } of order) {
    const fit = candidates.find(
      (c) => !taken.has(c.no) && c.zone === p.zone && SIZE_RANK[c.size] >= SIZE_RANK[p.size],
    );
    if (!fit)
      throw new DomainError(
        'NO_FREE_COMPARTMENT',
        `no free ${p.zone} compartment of size ${p.size} or larger for parcel ${p.parcelId}`,
        { parcelId: p.parcelId, zone: p.zone, size: p.size },
      );
    taken.add(fit.no);
    result.set(p.parcelId, fit.no);
  }
  return result;
};
