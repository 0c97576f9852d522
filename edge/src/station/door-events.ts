import { checkOccupancy, decideDoorOpened } from '../domain/door-cycle.js';
import { canTransition } from '../domain/parcel.js';
import type { StationNotice } from './api.js';
import type { CodeUse } from './code-use.js';
import type { StationContext } from './context.js';
import type { ParcelMoves } from './parcel-moves.js';
import type { Unlocker } from './unlocker.js';

/**
 * What a door switch means. Each method is one commit and returns the notices to emit after it:
 * opened by an unlock → the parcel moves on; opened without one → forced; closed → the unlock ends
 * and, where the board senses goods, occupancy is checked against what the parcel says.
 */
export class DoorCycle {
  constructor(
    private readonly ctx: StationContext,
    private readonly moves: ParcelMoves,
    private readonly unlocker: Unlocker,
    private readonly codeUse: CodeUse,
  ) {}

  opened(no: number, at: Date, note: string | null = null): StationNotice[] {
    const { store } = this.ctx;
    const notices = this.ctx.commit((): StationNotice[] => {
      const comp = store.compartments.get(no);
      const pending = store.pendingUnlocks.get(no);
      // Already open: a repeated report, unless an unlock is waiting (a door left open, then a code).
      const wasOpen = comp?.doorOpen === true;
      if (!comp || (wasOpen && (!pending || pending.status === 'opened'))) return [];
      if (!wasOpen) {
        store.compartments.setDoor(no, true);
        this.ctx.event({ type: 'compartment.door', compartment: no, open: true }, at);
      }
      const decision = decideDoorOpened(pending);
      const iso = at.toISOString();
      if (decision.kind === 'forced' || !pending) {
        store.audit.append({ at: iso, action: 'door_forced', compartmentNo: no, detail: note });
        return [
          { type: 'door', compartment: no, open: true, at },
          { type: 'door_forced', compartment: no, at },
        ];
      }
      if (decision.kind === 'already_open') return [{ type: 'door', compartment: no, open: true, at }];
      store.pendingUnlocks.setStatus(no, 'opened', iso);
      let detail = note;
      // A load counts when the producer closes the door on the goods (see closed()).
      if (decision.parcelEvent && decision.parcelEvent !== 'load' && pending.orderId && pending.parcelId) {
        const parcel = store.orders.getParcel(pending.orderId, pending.parcelId);
        if (parcel && canTransition(parcel, decision.parcelEvent)) {
          this.moves.move(parcel, decision.parcelEvent, at);
          this.moves.refreshOrder(parcel.orderId, at);
        } else detail = `parcel was ${parcel?.state ?? 'gone'}; unchanged`;
      }
      store.audit.append({
        at: iso,
        action: 'door_opened',
        compartmentNo: no,
        reason: pending.reason,
        orderId: pending.orderId,
        parcelId: pending.parcelId,
        by: pending.by,
        detail,
      });
      return [
        { type: 'door', compartment: no, open: true, at },
        { type: 'compartments_changed', at },
      ];
    });
    this.unlocker.settled(no);
    return notices;
  }

  closed(no: number, at: Date, sensedGoods: boolean | null, note: string | null = null): StationNotice[] {
    const { store } = this.ctx;
    const missedOpen = store.pendingUnlocks.get(no);
    // A close with an unlock that never saw its door open: the open was missed (a bounce, a restart).
    const before =
      missedOpen && missedOpen.status !== 'opened' ? this.opened(no, at, 'open inferred from close') : [];
    const notices = this.ctx.commit((): StationNotice[] => {
      const comp = store.compartments.get(no);
      if (!comp || comp.doorOpen === false) return [];
      store.compartments.setDoor(no, false);
      store.compartments.setOccupied(no, sensedGoods);
      const pending = store.pendingUnlocks.get(no);
      if (pending) store.pendingUnlocks.delete(no);
      const iso = at.toISOString();
      this.ctx.event({ type: 'compartment.door', compartment: no, open: false }, at);
      if (pending?.status === 'opened' && pending.reason === 'loading') this.load(pending, at);
      store.audit.append({
        at: iso,
        action: 'door_closed',
        compartmentNo: no,
        reason: pending?.reason ?? null,
        detail: note,
      });
      const out: StationNotice[] = [{ type: 'door', compartment: no, open: false, at }];
      const mismatch = checkOccupancy(store.orders.occupant(no)?.goodsInside ?? false, sensedGoods);
      if (mismatch) {
        this.ctx.event({ type: 'compartment.occupancy', compartment: no, ...mismatch }, at);
        store.audit.append({
          at: iso,
          action: 'occupancy_mismatch',
          compartmentNo: no,
          detail: `expected ${mismatch.expected}, sensed ${mismatch.actual}`,
        });
        out.push({ type: 'occupancy_mismatch', compartment: no, ...mismatch, at });
      }
      out.push({ type: 'compartments_changed', at });
      return out;
    });
    return [...before, ...notices];
  }

  /**
   * The producer closed the door on the goods: the parcel is loaded now (parcel.loaded, MQTT.md),
   * not when the door opened. False when the parcel was no longer waiting for its goods.
   */
  private load(pending: { orderId: string | null; parcelId: string | null }, at: Date): boolean {
    const { store } = this.ctx;
    if (!pending.orderId || !pending.parcelId) return false;
    const parcel = store.orders.getParcel(pending.orderId, pending.parcelId);
    if (!parcel || !canTransition(parcel, 'load')) return false;
    this.moves.move(parcel, 'load', at);
    this.moves.refreshOrder(parcel.orderId, at);
    return true;
  }

  /** An unlock whose door stayed shut: nothing happened, and its code is valid again. */
  notUsed(no: number, at: Date, note: string): StationNotice[] {
    const { store } = this.ctx;
    this.unlocker.settled(no);
    return this.ctx.commit((): StationNotice[] => {
      const pending = store.pendingUnlocks.get(no);
      if (!pending || pending.status === 'opened') return [];
      store.pendingUnlocks.delete(no);
      const restored = this.codeUse.giveBack(pending.codeId, at);
      store.audit.append({
        at: at.toISOString(),
        action: 'unlock_not_used',
        compartmentNo: no,
        reason: pending.reason,
        orderId: pending.orderId,
        parcelId: pending.parcelId,
        by: pending.by,
        detail: `${note}${restored ? '; code valid again' : ''}`,
      });
      return [{ type: 'unlock_not_used', compartment: no, at }];
    });
  }
}
