import type { UnlockReason } from '@regiobox/contract';
import type { InputSnapshot } from '@regiobox/hardware-api';
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
      if (open) notices.push(...doors.opened(comp.no, at, note));
      else if (live.has(comp.no) && pending.status !== 'opened') {
        if (openedWhileDown(pending.reason, goods)) {
          notices.push(...doors.opened(comp.no, at, `${note}: goods sensor shows the door was used`));
          notices.push(...doors.closed(comp.no, at, goods, note));
        }
      } else if (pending.status === 'opened') notices.push(...doors.closed(comp.no, at, goods, note));
      else if (openedWhileDown(pending.reason, goods)) {
        notices.push(...doors.opened(comp.no, at, `${note}: goods sensor shows the door was used`));
        notices.push(...doors.closed(comp.no, at, goods, note));
      } else notices.push(...doors.notUsed(comp.no, at, `${note}: door shut`));
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
