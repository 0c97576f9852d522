import type { ParcelState } from '@regiobox/contract';
import { DomainError } from './errors.js';

// `held` is the cold-chain block: release → loaded again, discard → back to the producer.
export type { ParcelState } from '@regiobox/contract';

export type ParcelEvent =
  | 'load'
  | 'pick_up'
  | 'expire'
  | 'retrieve'
  | 'cancel'
  | 'hold'
  | 'release'
  | 'discard';

export interface ParcelStatus {
  readonly state: ParcelState;
  /** whether goods are (believed to be) in the compartment */
  readonly goodsInside: boolean;
}

type Rule = (goodsInside: boolean) => ParcelStatus | null;

const RULES: Readonly<Record<ParcelEvent, Partial<Record<ParcelState, Rule>>>> = {
  load: { reserved: () => ({ state: 'loaded', goodsInside: true }) },
  pick_up: { loaded: () => ({ state: 'picked_up', goodsInside: false }) },
  expire: {
    reserved: () => ({ state: 'expired', goodsInside: false }),
    loaded: () => ({ state: 'expired', goodsInside: true }),
  },
  // Only goods that are still inside can be retrieved; an empty expired reservation is simply over.
  retrieve: {
    expired: (g) => (g ? { state: 'retrieved', goodsInside: false } : null),
    cancelled: (g) => (g ? { state: 'retrieved', goodsInside: false } : null),
    discarded: (g) => (g ? { state: 'retrieved', goodsInside: false } : null),
  },
  // A loaded parcel of a cancelled order stays inside until its producer retrieves it.
  cancel: {
    reserved: () => ({ state: 'cancelled', goodsInside: false }),
    loaded: () => ({ state: 'cancelled', goodsInside: true }),
  },
  hold: { loaded: () => ({ state: 'held', goodsInside: true }) },
  release: { held: () => ({ state: 'loaded', goodsInside: true }) },
  discard: { held: () => ({ state: 'discarded', goodsInside: true }) },
};

/** The next status, or a DomainError ILLEGAL_TRANSITION that says what was attempted from where. */
export const transitionParcel = (
  from: ParcelStatus,
  event: ParcelEvent,
  parcelId = 'parcel',
): ParcelStatus => {
  const next = RULES[event][from.state]?.(from.goodsInside) ?? null;
  if (!next)
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `${parcelId}: cannot ${event.replace('_', ' ')} a parcel that is ${from.state}${
        from.goodsInside ? '' : ' (nothing inside)'
      }`,
      { parcelId, from: from.state, event },
    );
  return next;
};

export const canTransition = (from: ParcelStatus, event: ParcelEvent): boolean =>
  RULES[event][from.state]?.(from.goodsInside) != null;

/** Parcels still in play: they hold a compartment and may change without anyone retrieving them. */
export const isActive = (state: ParcelState): boolean =>
  state === 'reserved' || state === 'loaded' || state === 'held';

/** The compartment is taken while the parcel is active or its goods are still inside. */
export const occupiesCompartment = (s: ParcelStatus): boolean => isActive(s.state) || s.goodsInside;

/** Whether a deadline applies: reserved and loaded parcels expire; held ones wait for a decision. */
export const canExpire = (state: ParcelState): boolean => state === 'reserved' || state === 'loaded';
