import type { EventBody, Zone } from '@regiobox/contract';
import { ColdChainError } from './errors.js';
import type { HoldDue, HoldReason } from './record.js';

export type HoldDecision = 'release' | 'discard';

/** A parcel's hold, persisted beside its cold-chain account. */
export type HoldState =
  | { readonly status: 'none' }
  | { readonly status: 'held'; readonly reason: HoldReason; readonly heldAt: Date }
  | {
      readonly status: 'released' | 'discarded';
      readonly reason: HoldReason;
      readonly heldAt: Date;
      readonly decidedAt: Date;
      readonly by: string;
      readonly why: string;
    };

export const NOT_HELD: HoldState = { status: 'none' };

export interface ParcelRef {
  readonly orderId: string;
  readonly parcelId: string;
  readonly compartment: number;
}

export type ParcelHeldEvent = Extract<EventBody, { type: 'parcel.held' }>;
export type HoldDecidedEvent = Extract<EventBody, { type: 'parcel.hold_decided' }>;

/**
 * Puts a parcel on hold. A released parcel can be held again (it thawed after its budget was
 * forgiven); a held one stays held, its reason moving to `thawed` when that comes on top.
 */
export const placeHold = (
  state: HoldState,
  ref: ParcelRef,
  due: Pick<HoldDue, 'reason' | 'record'>,
  at: Date,
): { state: HoldState; event: ParcelHeldEvent | null } => {
  if (state.status === 'discarded') {
    throw new ColdChainError('ILLEGAL_TRANSITION', `parcel ${ref.parcelId} was discarded`, { ...ref });
  }
  if (state.status === 'held') {
    const reason = due.reason === 'thawed' ? 'thawed' : state.reason;
    return { state: { ...state, reason }, event: null };
  }
  const event: ParcelHeldEvent = { type: 'parcel.held', ...ref, reason: due.reason, coldChain: due.record };
  return { state: { status: 'held', reason: due.reason, heldAt: at }, event };
};

/**
 * The corrective action HACCP expects: a person decides, with a reason, and it is recorded.
 *
 * Frozen goods that thawed are never released: not as frozen (refreezing thawed food is unsafe and
 * they may not be sold as frozen), and not downgraded to chilled either, because the station cannot
 * relabel the goods or tell the customer to use them at once; that decision belongs to the producer,
 * after taking them back. So 'release' is refused with THAWED_NOT_RELEASABLE_AS_FROZEN and only
 * 'discard' (take out of the station) remains.
 */
export const decideHold = (
  state: HoldState,
  ref: ParcelRef,
  input: { readonly decision: HoldDecision; readonly by: string; readonly why: string; readonly at: Date },
  goods: { readonly zone: Zone; readonly thawed: boolean },
): { state: HoldState; event: HoldDecidedEvent } => {
  if (state.status !== 'held') {
    throw new ColdChainError(
      'ILLEGAL_TRANSITION',
      `parcel ${ref.parcelId} is not on hold (${state.status})`,
      {
        ...ref,
        status: state.status,
      },
    );
  }
  if (input.decision === 'release' && goods.zone === 'frozen' && goods.thawed) {
    throw new ColdChainError(
      'THAWED_NOT_RELEASABLE_AS_FROZEN',
      `parcel ${ref.parcelId} thawed and may only be discarded`,
      { ...ref },
    );
  }
  const { by, why, at, decision } = input;
  const status = decision === 'release' ? 'released' : 'discarded';
  return {
    state: { status, reason: state.reason, heldAt: state.heldAt, decidedAt: at, by, why },
    event: { type: 'parcel.hold_decided', ...ref, decision, by, why },
  };
};
