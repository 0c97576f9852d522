import type { Zone } from '@regiobox/contract';
import type { ParcelRef } from '../coldchain/hold.js';
import { alarmSeverity } from './severity.js';
import type { AlarmSignal } from './types.js';

/**
 * cold_chain_breach goes with a parcel hold: raised when the parcel is held, cleared when someone
 * decides about it. The compartment is the subject, so a second parcel held there joins the episode.
 */
export const breachRaised = (
  ref: ParcelRef,
  zone: Zone,
  why: { readonly reason: string; readonly detail?: string },
  at: Date,
): AlarmSignal => ({
  type: 'raise',
  kind: 'cold_chain_breach',
  subject: { compartment: ref.compartment, probeId: null },
  severity: alarmSeverity('cold_chain_breach', zone),
  detail: `parcel ${ref.parcelId} of order ${ref.orderId} held in compartment ${ref.compartment} (${zone}): ${why.reason}${why.detail ? `, ${why.detail}` : ''}; it opens for nobody until someone decides`,
  at,
});

export const breachCleared = (ref: ParcelRef, at: Date): AlarmSignal => ({
  type: 'clear',
  kind: 'cold_chain_breach',
  subject: { compartment: ref.compartment, probeId: null },
  at,
});
