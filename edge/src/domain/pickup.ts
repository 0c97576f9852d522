import type { UnlockReason, Zone } from '@regiobox/contract';
import type { CodeKind } from './codes.js';
import type { ParcelState } from './parcel.js';

/** What a code entitles to, as far as the decision needs it. */
export interface CodeEntitlement {
  readonly kind: CodeKind;
  readonly parcelId: string | null;
  /** a service code's compartment */
  readonly compartmentNo: number | null;
  readonly validUntil: Date;
}

export interface ParcelFacts {
  readonly parcelId: string;
  readonly producer: string;
  readonly zone: Zone;
  readonly state: ParcelState;
  readonly goodsInside: boolean;
  readonly compartmentNo: number;
}

export interface CompartmentFacts {
  readonly no: number;
  readonly blocked: boolean;
  /** an unlock of it is being pulsed, or its door opened for one that is not settled yet */
  readonly opening: boolean;
}

export type CodePurpose = 'pickup' | 'loading' | 'retrieval' | 'service';

export interface MissingParcel {
  readonly parcelId: string;
  readonly producer: string;
  readonly zone: Zone;
  /** reserved = the producer has not loaded it yet; held = blocked for a cold-chain decision */
  readonly state: 'reserved' | 'held';
}

export type PickupDecision =
  | {
      readonly open: true;
      readonly purpose: CodePurpose;
      readonly reason: UnlockReason;
      /** in the order of the order's parcels; parcelId null for a service code */
      readonly targets: readonly { readonly no: number; readonly parcelId: string | null }[];
      readonly missing: readonly MissingParcel[];
      readonly blocked: readonly number[];
    }
  | {
      readonly open: false;
      /** COMPARTMENT_GONE: a service code for a compartment the config no longer has */
      readonly refusal: 'EXPIRED' | 'BUSY' | 'OUT_OF_SERVICE' | 'NOTHING_TO_OPEN' | 'COMPARTMENT_GONE';
      readonly missing: readonly MissingParcel[];
    };

const PURPOSE: Readonly<Record<CodeKind, CodePurpose>> = {
  pickup: 'pickup',
  qr: 'pickup',
  loading: 'loading',
  retrieval: 'retrieval',
  service: 'service',
};

const REASON: Readonly<Record<CodePurpose, UnlockReason>> = {
  pickup: 'pickup',
  loading: 'loading',
  retrieval: 'retrieval',
  service: 'service_local',
};

/**
 * Judged time, not the wall clock: a clock that leapt ahead expires nothing early, one set back
 * revives nothing. Null: the station has never known the time, and nothing expires.
 */
export const codeExpired = (code: Pick<CodeEntitlement, 'validUntil'>, judgedNow: Date | null): boolean =>
  judgedNow !== null && code.validUntil.getTime() <= judgedNow.getTime();

/** Which parcels a code may open now. */
const eligible = (code: CodeEntitlement, p: ParcelFacts): boolean => {
  switch (code.kind) {
    case 'pickup':
    case 'qr':
      return p.state === 'loaded';
    case 'loading':
      return p.parcelId === code.parcelId && p.state === 'reserved';
    case 'retrieval':
      return (
        p.parcelId === code.parcelId &&
        p.goodsInside &&
        ['expired', 'cancelled', 'discarded'].includes(p.state)
      );
    case 'service':
      return false;
  }
};

/**
 * Which compartments a valid code opens now, or why none: the station's one rule for it, with the
 * time passed in. `parcels` are the code's order's; `compartments` the station's, by number.
 */
export const decidePickup = (
  code: CodeEntitlement,
  parcels: readonly ParcelFacts[],
  compartments: ReadonlyMap<number, CompartmentFacts>,
  judgedNow: Date | null,
): PickupDecision => {
  if (codeExpired(code, judgedNow)) return { open: false, refusal: 'EXPIRED', missing: [] };
  const purpose = PURPOSE[code.kind];
  const reason = REASON[purpose];
  if (code.kind === 'service') {
    const comp = code.compartmentNo === null ? undefined : compartments.get(code.compartmentNo);
    if (!comp) return { open: false, refusal: 'COMPARTMENT_GONE', missing: [] };
    return {
      open: true,
      purpose,
      reason,
      targets: [{ no: comp.no, parcelId: null }],
      missing: [],
      blocked: [],
    };
  }
  const missing: MissingParcel[] =
    purpose === 'pickup'
      ? parcels.flatMap((p) =>
          p.state === 'reserved' || p.state === 'held'
            ? [{ parcelId: p.parcelId, producer: p.producer, zone: p.zone, state: p.state }]
            : [],
        )
      : [];
  const targets: { no: number; parcelId: string }[] = [];
  const blocked: number[] = [];
  let busy = false;
  for (const p of parcels.filter((x) => eligible(code, x))) {
    const comp = compartments.get(p.compartmentNo);
    if (!comp) continue;
    if (comp.opening) busy = true;
    else if (comp.blocked) blocked.push(comp.no);
    else targets.push({ no: comp.no, parcelId: p.parcelId });
  }
  if (targets.length > 0) return { open: true, purpose, reason, targets, missing, blocked };
  if (busy) return { open: false, refusal: 'BUSY', missing };
  if (blocked.length > 0) return { open: false, refusal: 'OUT_OF_SERVICE', missing };
  return { open: false, refusal: 'NOTHING_TO_OPEN', missing };
};
