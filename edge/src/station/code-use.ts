import type { CodeRow } from '../store/codes-repo.js';
import type { StationContext } from './context.js';

/**
 * When a code counts as used. A code is used up in the same commit that records its confirmed
 * unlock; if that door then never opens, the code is given back: "unlocked but never opened" means
 * nothing happened. A pickup PIN stays valid while parcels of its order are still to come.
 */
export class CodeUse {
  constructor(private readonly ctx: StationContext) {}

  /** Inside the commit that records the unlock: uses the code up unless it is still needed. */
  consume(codeId: number | null, at: Date): boolean {
    if (codeId === null) return false;
    const code = this.ctx.store.codes.get(codeId);
    if (code?.status !== 'active') return false;
    if ((code.kind === 'pickup' || code.kind === 'qr') && this.pickupStillNeeded(code)) return false;
    this.ctx.store.codes.setStatus(code.id, 'used', at.toISOString());
    return true;
  }

  /** Inside the commit that ends an unlock whose door did not open: gives the code back if its job is undone. */
  giveBack(codeId: number | null, at: Date): boolean {
    if (codeId === null) return false;
    const code = this.ctx.store.codes.get(codeId);
    if (code?.status !== 'used') return false;
    const judged = this.ctx.judgeNow();
    if ((judged !== null && new Date(code.validUntil).getTime() <= judged.getTime()) || this.fulfilled(code))
      return false;
    this.ctx.store.codes.setStatus(code.id, 'active', at.toISOString());
    return true;
  }

  /** Parcels the PIN must still open later: not yet loaded, held, or loaded without an unlock under way. */
  private pickupStillNeeded(code: CodeRow): boolean {
    if (!code.orderId) return false;
    return this.ctx.store.orders
      .parcelsOf(code.orderId)
      .some(
        (p) =>
          p.state === 'reserved' ||
          p.state === 'held' ||
          (p.state === 'loaded' && this.ctx.store.pendingUnlocks.get(p.compartmentNo) === null),
      );
  }

  private fulfilled(code: CodeRow): boolean {
    const { orders } = this.ctx.store;
    switch (code.kind) {
      case 'loading':
        return code.orderId === null || code.parcelId === null
          ? true
          : orders.getParcel(code.orderId, code.parcelId)?.state !== 'reserved';
      case 'retrieval':
        return code.orderId === null || code.parcelId === null
          ? true
          : orders.getParcel(code.orderId, code.parcelId)?.goodsInside !== true;
      case 'pickup':
      case 'qr':
        return code.orderId === null
          ? true
          : !orders
              .parcelsOf(code.orderId)
              .some((p) => p.state === 'loaded' || p.state === 'reserved' || p.state === 'held');
      case 'service':
        return false;
    }
  }
}
