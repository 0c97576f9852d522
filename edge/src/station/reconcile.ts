import type { UnlockReason } from '@regiobox/contract';
import type { InputSnapshot } from '@regiobox/hardware-api';
import type { PendingUnlockRow } from '../store/pending-unlocks-repo.js';
import type { StationNotice } from './api.js';
import type { StationContext } from './context.js';
import type { DoorCycle } from './door-events.js';

/**
 * For an unlock a crash interrupted and whose door is shut now: did the door open and close while
 * the station was down? Only the goods sensor can tell; without one, assume it did not (the code
 * stays valid and the parcel where it was, which the next door cycle or an operator corrects).
 */
const openedWhileDown = (reason: UnlockReason, goodsSensed: boolean | null): boolean => {
  if (goodsSensed === null) return false;
  if (reason === 'loading') return goodsSensed;
  if (reason === 'pickup' || reason === 'retrieval') return !goodsSensed;
  return false;
};

/**
 * The process died between asking for a pulse and recording its outcome, so no `compartment.unlocked`
 * went out for it. Whether the board pulsed nobody knows; it is reported now as `unknown`, stamped
 * with the time it was asked for, inside the commit that settles the unlock (the row leaves `pulsing`
 * there, so no later start reports it again).
 */
const reportInterruptedPulse = (ctx: StationContext, p: PendingUnlockRow): void => {
  ctx.store.audit.append({
    at: ctx.now().toISOString(),
    action: 'unlock_unknown',
    compartmentNo: p.compartment,
    reason: p.reason,
    orderId: p.orderId,
    parcelId: p.parcelId,
    by: p.by,
    detail: 'reconciled at start: the station stopped before the pulse was confirmed',
  });
  ctx.event(
    {
      type: 'compartment.unlocked',
      compartment: p.compartment,
      reason: p.reason,
      orderId: p.orderId,
      by: p.by,
      outcome: 'unknown',
    },
    new Date(p.requestedAt),
  );
};

const settlePending = (
  doors: DoorCycle,
  pending: PendingUnlockRow,
  open: boolean,
  goods: boolean | null,
  at: Date,
  isLive: boolean,
): StationNotice[] => {
  const no = pending.compartment;
  const note = 'reconciled at start';
  const notices: StationNotice[] = [];
  if (open) notices.push(...doors.opened(no, at, note));
  else if (isLive && pending.status !== 'opened') {
    if (openedWhileDown(pending.reason, goods)) {
      notices.push(...doors.opened(no, at, `${note}: goods sensor shows the door was used`));
      notices.push(...doors.closed(no, at, goods, note));
    }
  } else if (pending.status === 'opened') notices.push(...doors.closed(no, at, goods, note));
  else if (openedWhileDown(pending.reason, goods)) {
    notices.push(...doors.opened(no, at, `${note}: goods sensor shows the door was used`));
    notices.push(...doors.closed(no, at, goods, note));
  } else notices.push(...doors.notUsed(no, at, `${note}: door shut`));
  return notices;
};

/**
 * Start-up (and board-reconnect) reconciliation: with every lock output off, bring the records in
 * line with the real doors, so that a power cut mid-pickup ends in one recorded state.
 *
 * `live`: compartments whose unlock this process started and still follows (after a reconnect a
 * customer may be typing a code right now). A shut door says nothing about those — the pulse may be
 * on its way, the hand on the handle — so they are left to the door switch and the open timeout,
 * unless the door is open already or the goods sensor shows it was used.
 */
export const reconcileDoors = (
  ctx: StationContext,
  doors: DoorCycle,
  snap: InputSnapshot,
  live: ReadonlySet<number> = new Set(),
): StationNotice[] => {
  const { store } = ctx;
  const notices: StationNotice[] = [];
  const at = ctx.now();
  for (const comp of store.compartments.list()) {
    const open = snap.doors[comp.doorInput] ?? null;
    const goods = snap.occupancy[comp.doorInput] ?? null;
    if (open === null) continue;
    const pending = store.pendingUnlocks.get(comp.no);
    const note = 'reconciled at start';
    if (pending) {
      const isLive = live.has(comp.no);
      // a live unlock reports its own outcome; a `pulsing` row of a dead process is reported here
      if (pending.status === 'pulsing' && !isLive)
        ctx.commit(() => {
          reportInterruptedPulse(ctx, pending);
          notices.push(...settlePending(doors, pending, open, goods, at, isLive));
        });
      else notices.push(...settlePending(doors, pending, open, goods, at, isLive));
      continue;
    }
    if (comp.doorOpen === null) {
      // First sight of this door (a new station or compartment): learn its state, there is no history.
      ctx.commit(() => {
        store.compartments.setDoor(comp.no, open);
        store.compartments.setOccupied(comp.no, goods);
      });
    } else if (open && comp.doorOpen !== true)
      notices.push(...doors.opened(comp.no, at, `${note}: opened while down`));
    else if (!open && comp.doorOpen !== false) notices.push(...doors.closed(comp.no, at, goods, note));
    else if (comp.occupied !== goods) store.compartments.setOccupied(comp.no, goods);
  }
  ctx.commit(() =>
    store.audit.append({ at: at.toISOString(), action: 'reconciled', detail: `${notices.length} changes` }),
  );
  return notices;
};
