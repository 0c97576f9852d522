import { reminderDue } from '../domain/order.js';
import type { ParcelRow } from '../store/orders-repo.js';
import type { DeadlineRun } from './api.js';
import type { StationContext } from './context.js';
import type { ParcelMoves } from './parcel-moves.js';

const FINISHED_CODE_RETENTION_MS = 30 * 24 * 3_600_000;

const byOrder = (parcels: readonly ParcelRow[]): Map<string, ParcelRow[]> => {
  const m = new Map<string, ParcelRow[]>();
  for (const p of parcels) m.set(p.orderId, [...(m.get(p.orderId) ?? []), p]);
  return m;
};

/**
 * The scheduled side of orders: reminders before deadlines, expiry at deadlines (with retrieval
 * codes for goods left inside), and expiry of codes. One commit per order, so a storage fault
 * half-way leaves every order either fully processed or untouched. Deadlines are judged by the
 * context's judged time (never ahead of the real time while the clock is unsynchronised) and an
 * expiry, once recorded, is final: a clock set back later revives nothing.
 */
export class DeadlineService {
  constructor(
    private readonly ctx: StationContext,
    private readonly moves: ParcelMoves,
  ) {}

  run(): DeadlineRun {
    const judged = this.ctx.judgeNow();
    if (judged === null) return { reminded: 0, expiredParcels: 0, expiredCodes: 0 };
    // decisions by the judged time, stamps by the wall clock (marked and corrected if unsynchronised)
    const stamp = this.ctx.now();
    const now = judged;
    const { store } = this.ctx;
    let reminded = 0;
    const dueReminders = store.orders.unreminded().filter((p) => {
      const due = reminderDue(new Date(p.deadline), p.zone, this.ctx.config.deadlines);
      return due !== null && due.getTime() <= now.getTime() && new Date(p.deadline).getTime() > now.getTime();
    });
    for (const [orderId, parcels] of byOrder(dueReminders)) {
      const deadline = parcels.map((p) => p.deadline).sort()[0] as string;
      this.ctx.commit(() => {
        store.orders.markReminded(orderId);
        this.ctx.event({ type: 'order.reminder', orderId, deadline }, stamp);
      });
      reminded++;
    }

    let expiredParcels = 0;
    for (const [orderId, parcels] of byOrder(store.orders.dueForExpiry(now.toISOString()))) {
      this.ctx.commit(() => {
        const expired = parcels.map((p) => this.moves.move(p, 'expire', stamp));
        // valid from the judged time: an unsynchronised clock never stretches a code's life
        this.moves.issueRetrievalCodes(
          orderId,
          expired.filter((p) => p.goodsInside),
          stamp,
          now,
        );
        this.moves.refreshOrder(orderId, stamp);
      });
      expiredParcels += parcels.length;
    }

    const expiredCodes = this.ctx.commit(() => {
      const n = store.codes.expireDue(now.toISOString());
      store.codes.purgeFinishedBefore(new Date(now.getTime() - FINISHED_CODE_RETENTION_MS).toISOString());
      return n;
    });
    if (reminded + expiredParcels > 0) this.ctx.events.notify({ type: 'compartments_changed', at: stamp });
    return { reminded, expiredParcels, expiredCodes };
  }
}
