import type { ColdChainRecord } from '@regiobox/contract';
import {
  decideHold,
  type HoldDecidedEvent,
  type HoldDecision,
  type HoldState,
  NOT_HELD,
  type ParcelRef,
  placeHold,
} from '../domain/coldchain/hold.js';
import type { HoldReason } from '../domain/coldchain/record.js';
import { type ColdChainAccount, ColdChainAccountStore } from '../store/coldchain/account-store.js';
import type { Db } from '../store/database.js';
import type { ParcelRow } from '../store/orders-repo.js';

const isHoldReason = (reason: string | null): reason is HoldReason =>
  reason === 'budget_exceeded' || reason === 'thawed';

/** The cold-chain engine holds with a HoldReason; any other reason is judged from the account. */
const holdReasonOf = (reason: string | null, account: ColdChainAccount | null): HoldReason =>
  isHoldReason(reason) ? reason : account?.accumulator.thawed ? 'thawed' : 'budget_exceeded';

const refOf = (parcel: ParcelRow): ParcelRef => ({
  orderId: parcel.orderId,
  parcelId: parcel.parcelId,
  compartment: parcel.compartmentNo,
});

/**
 * The hold to decide on. A parcel held before its account recorded holds (or held without an
 * account) is held all the same; when it was held is unknown then, and the decision time stands in
 * (`held_at` is not part of the HACCP export).
 */
const holdOf = (parcel: ParcelRow, account: ColdChainAccount | null, at: Date): HoldState => {
  const recorded = account?.hold ?? NOT_HELD;
  if (recorded.status === 'held' || parcel.state !== 'held') return recorded;
  return { status: 'held', reason: holdReasonOf(parcel.holdReason, account), heldAt: at };
};

/**
 * A parcel's hold and its decision in the parcel's cold-chain account, where the HACCP log reads
 * them. Call inside the station's commit, so that they commit with the parcel's state and event. A
 * parcel without an account (never sampled) has nowhere to record them; its event still tells.
 */
export class ColdChainHolds {
  private readonly accounts: ColdChainAccountStore;

  constructor(db: Db) {
    this.accounts = new ColdChainAccountStore(db);
  }

  hold(parcel: ParcelRow, reason: string, record: ColdChainRecord, at: Date): void {
    const ref = refOf(parcel);
    const account = this.accounts.get(ref);
    if (!account) return;
    const { state } = placeHold(account.hold, ref, { reason: holdReasonOf(reason, account), record }, at);
    this.accounts.setHold(ref, state, at);
  }

  /**
   * Applies the domain's rule before anything is written: a refusal (ColdChainError, e.g.
   * THAWED_NOT_RELEASABLE_AS_FROZEN) leaves the parcel as it was. Returns the decision's event.
   */
  decide(
    parcel: ParcelRow,
    input: { readonly decision: HoldDecision; readonly by: string; readonly why: string; readonly at: Date },
  ): HoldDecidedEvent {
    const ref = refOf(parcel);
    const account = this.accounts.get(ref);
    const goods = { zone: parcel.zone, thawed: account?.accumulator.thawed ?? false };
    const { state, event } = decideHold(holdOf(parcel, account, input.at), ref, input, goods);
    if (account) this.accounts.setHold(ref, state, input.at);
    return event;
  }
}
