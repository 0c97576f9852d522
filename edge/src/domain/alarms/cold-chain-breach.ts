import type { Zone } from '../../contract/index.js';
import type { ParcelRef } from '../coldchain/hold.js';
import type { HoldDue } from '../coldchain/record.js';
import { alarmSeverity } from './severity.js';
import type { AlarmSignal } from './types.js';

/**
 * cold_chain_breach goes with a parcel hold: raised when the parcel is held, cleared when someone
 * decides about it. The compartment is the subject, so a second parcel held there joins the episode.
 */
export const breachRaised = (ref: ParcelRef, zone: Zone, due: HoldDue, at: Date): AlarmSignal => ({
  type: 'raise',
  kind: 'cold_chain_breach',
  subject: { compartment: ref.compartment, probeId: null },
  severity: alarmSeverity('cold_chain_breach', zone),
  detail: `parcel ${ref.parcelId} of order ${ref.orderId} held (${due.reason}): ${due.detail}`,
  at,
});

export const breachCleared = (ref: ParcelRef, at: Date): AlarmSignal => ({
  type: 'clear',
  kind: 'cold_chain_breach',
  subject: { compartment: ref.compartment, probeId: null },
  at,
});
