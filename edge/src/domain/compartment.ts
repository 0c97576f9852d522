import type { CompartmentStateName } from '@regiobox/contract';
import type { z } from 'zod';
import { occupiesCompartment, type ParcelStatus } from './parcel.js';

export type CompartmentState = z.infer<typeof CompartmentStateName>;

export interface CompartmentFacts {
  readonly blocked: boolean;
  readonly doorOpen: boolean | null;
  /** the parcel that occupies it, if any */
  readonly parcel: ParcelStatus | null;
}

/** What a compartment is, as the dashboard and the kiosk show it. An open door wins over all else. */
export const compartmentState = (f: CompartmentFacts): CompartmentState => {
  if (f.doorOpen === true) return 'open';
  if (f.blocked) return 'blocked';
  if (!f.parcel || !occupiesCompartment(f.parcel)) return 'free';
  if (f.parcel.state === 'held' || f.parcel.state === 'discarded') return 'blocked';
  return f.parcel.state === 'reserved' ? 'reserved' : 'loaded';
};
