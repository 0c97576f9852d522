import type { UnlockReason } from '@regiobox/contract';
import type { ParcelEvent } from './parcel.js';

/**
 * One unlock, from the moment it is recorded until its door opens (or does not). `pulsing`: recorded
 * durably, pulse in flight. `unlocked`: the board confirmed the pulse. `unknown`: the board could not
 * say; the door switch decides. `opened`: the door opened (a pickup or retrieval moved its parcel on;
 * a load counts when the producer closes the door on the goods); waits for close.
 */
export type PendingUnlockStatus = 'pulsing' | 'unlocked' | 'unknown' | 'opened';

export interface PendingUnlock {
  readonly compartment: number;
  readonly reason: UnlockReason;
  readonly status: PendingUnlockStatus;
  readonly orderId: string | null;
  readonly parcelId: string | null;
}

/** What opening the door means for the parcel behind it. */
export const parcelEventForUnlock = (reason: UnlockReason): ParcelEvent | null => {
  switch (reason) {
    case 'loading':
      return 'load';
    case 'pickup':
      return 'pick_up';
    case 'retrieval':
      return 'retrieve';
    default:
      return null; // a service opening changes no parcel
  }
};

export type DoorOpenedDecision =
  | { readonly kind: 'by_unlock'; readonly parcelEvent: ParcelEvent | null }
  | { readonly kind: 'already_open' }
  | { readonly kind: 'forced' };

/**
 * A door that opens is explained by the unlock waiting for it; a door that opens with none is forced.
 * A pulse still in flight counts: the door only opens if the pulse worked.
 */
export const decideDoorOpened = (pending: PendingUnlock | null): DoorOpenedDecision => {
  if (!pending) return { kind: 'forced' };
  if (pending.status === 'opened') return { kind: 'already_open' };
  return { kind: 'by_unlock', parcelEvent: parcelEventForUnlock(pending.reason) };
};

/**
 * An unlock whose door stayed shut: after the open timeout (or, at start-up, when the crash left it
 * behind) nothing happened, and the code that asked for it is valid again.
 */
export const isUnusedAfterTimeout = (pending: PendingUnlock, doorOpen: boolean | null): boolean =>
  pending.status !== 'opened' && doorOpen !== true;

export type Occupancy = 'empty' | 'occupied';

export interface OccupancyMismatch {
  readonly expected: Occupancy;
  readonly actual: Occupancy;
}

/**
 * Checked when a door closes, where the board reports "goods inside": still occupied after the goods
 * were taken out, or empty after they were put in, is a mismatch worth telling the kiosk and operator.
 */
export const checkOccupancy = (goodsExpected: boolean, sensed: boolean | null): OccupancyMismatch | null => {
  if (sensed === null) return null;
  if (sensed === goodsExpected) return null;
  return { expected: goodsExpected ? 'occupied' : 'empty', actual: sensed ? 'occupied' : 'empty' };
};
