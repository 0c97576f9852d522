import { breachCleared, breachRaised } from '../domain/alarms/index.js';
import type { AlarmSignal } from '../domain/alarms/types.js';
import type { AlarmStore } from '../store/coldchain/index.js';
import type { Db } from '../store/database.js';
import { loadedParcels } from '../store/loaded-parcels.js';

/**
 * A hold and its alarm commit one after the other: a crash between them would leave a held parcel
 * without its cold_chain_breach alarm, or a decided one with its alarm still raised. Set it right.
 */
export const breachesAfterRestart = (db: Db, alarms: AlarmStore, at: Date): AlarmSignal[] => {
  const held = loadedParcels(db).filter((p) => p.state === 'held');
  const raised = new Set(
    alarms
      .active()
      .filter((a) => a.kind === 'cold_chain_breach' && a.clearedAt === null)
      .map((a) => a.compartment),
  );
  const signals: AlarmSignal[] = [];
  for (const p of held) {
    if (raised.has(p.compartmentNo)) continue;
    raised.add(p.compartmentNo);
    const ref = { orderId: p.orderId, parcelId: p.parcelId, compartment: p.compartmentNo };
    signals.push(breachRaised(ref, p.zone, { reason: 'held before the station restarted' }, at));
  }
  const stillHeld = new Set(held.map((p) => p.compartmentNo));
  for (const no of raised) {
    if (no === null || stillHeld.has(no)) continue;
    signals.push(breachCleared({ orderId: '', parcelId: '', compartment: no }, at));
  }
  return signals;
};
