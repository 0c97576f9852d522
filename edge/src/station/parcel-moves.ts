import { deriveOrderStatus, isClosed, type OrderStatus } from '../domain/order.js';
import { type ParcelEvent, transitionParcel } from '../domain/parcel.js';
import type { ParcelRow } from '../store/orders-repo.js';
import type { CodeIssuer } from './code-issuer.js';
import type { StationContext } from './context.js';

const HOUR = 3_600_000;

/**
 * Moves parcels through their lifecycle inside a commit: persists the new state, appends the parcel
 * event, and closes the order (with its event and the end of its pickup codes) when nothing is left.
 */
export class ParcelMoves {
  constructor(
    private readonly ctx: StationContext,
    private readonly issuer: CodeIssuer,
  ) {}

  move(parcel: ParcelRow, event: ParcelEvent, at: Date, holdReason: string | null = null): ParcelRow {
    const next = transitionParcel(parcel, event, parcel.parcelId);
    const iso = at.toISOString();
    this.ctx.store.orders.setParcelState(
      parcel.orderId,
      parcel.parcelId,
      next.state,
      next.goodsInside,
      iso,
      holdReason,
    );
    const ref = { orderId: parcel.orderId, parcelId: parcel.parcelId, compartment: parcel.compartmentNo };
    switch (event) {
      case 'load':
        this.ctx.event({ type: 'parcel.loaded', ...ref }, at);
        break;
      case 'pick_up':
        // the record the cold-chain keeper kept since loading, closed in this transaction; null: none kept
        this.ctx.event(
          { type: 'parcel.picked_up', ...ref, coldChain: this.ctx.store.coldChain.close(ref, at) },
          at,
        );
        break;
      case 'expire':
        this.ctx.event({ type: 'parcel.expired', ...ref }, at);
        break;
      case 'retrieve':
        this.ctx.event({ type: 'parcel.retrieved', ...ref }, at);
        break;
      default:
        break; // cancel, hold, release, discard: their callers emit the order- or decision-level event
    }
    if (event === 'load' || event === 'expire' || event === 'cancel')
      this.ctx.store.codes.revokeFor(parcel.orderId, ['loading'], parcel.parcelId);
    if (event === 'retrieve') this.ctx.store.codes.revokeFor(parcel.orderId, ['retrieval'], parcel.parcelId);
    return { ...parcel, state: next.state, goodsInside: next.goodsInside, holdReason };
  }

  /** Recomputes the order's status; on closing emits order.picked_up / order.expired and ends its pickup codes. */
  refreshOrder(orderId: string, at: Date): OrderStatus {
    const order = this.ctx.store.orders.getOrder(orderId);
    if (!order) return 'cancelled';
    const parcels = this.ctx.store.orders.parcelsOf(orderId);
    const status = deriveOrderStatus(
      parcels.map((p) => p.state),
      order.cancelled,
    );
    if (status === order.status) return status;
    this.ctx.store.orders.setOrderStatus(orderId, status, at.toISOString(), isClosed(status));
    if (isClosed(status)) {
      this.ctx.store.codes.revokeFor(orderId, ['pickup', 'qr', 'loading']);
      if (status === 'picked_up') this.ctx.event({ type: 'order.picked_up', orderId }, at);
      if (status === 'expired') this.ctx.event({ type: 'order.expired', orderId }, at);
    }
    return status;
  }

  /**
   * Issues retrieval codes for parcels whose goods wait for their producers, in one codes.issued
   * event stamped `at`; their validity runs from `validFrom` (the judged time, when the clock is unsure).
   */
  issueRetrievalCodes(orderId: string, parcels: readonly ParcelRow[], at: Date, validFrom: Date = at): void {
    if (parcels.length === 0) return;
    const validUntil = new Date(validFrom.getTime() + this.ctx.config.codes.retrievalValidityHours * HOUR);
    const retrievalCodes = parcels.map((p) => ({
      parcelId: p.parcelId,
      code: this.issuer.issue('retrieval', { orderId, parcelId: p.parcelId, validUntil }),
    }));
    this.ctx.event(
      {
        type: 'codes.issued',
        orderId,
        loadingCodes: [],
        retrievalCodes,
        validUntil: validUntil.toISOString(),
      },
      at,
    );
  }
}
