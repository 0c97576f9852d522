import { type ColdChainRecord, DEFAULT_TENANT, type ReserveResult } from '@regiobox/contract';
import { mayUse } from '../config/tenants.js';
import { allocate } from '../domain/allocation.js';
import { DomainError } from '../domain/errors.js';
import { isClosed, parcelDeadline } from '../domain/order.js';
import { orderRefOf, readableOrderKey } from '../domain/order-key.js';
import { isActive } from '../domain/parcel.js';
import { planPlaces } from '../domain/places.js';
import type { CompartmentRow } from '../store/compartments-repo.js';
import type { ParcelRow } from '../store/orders-repo.js';
import type { ReserveInput } from './api.js';
import type { CodeIssuer } from './code-issuer.js';
import { ColdChainHolds } from './cold-chain-holds.js';
import type { StationContext } from './context.js';
import type { ParcelMoves } from './parcel-moves.js';

/** Reservations and what the marketplace or the cold-chain engine decides about them. */
export class OrderService {
  private readonly holds: ColdChainHolds;

  constructor(
    private readonly ctx: StationContext,
    private readonly issuer: CodeIssuer,
    private readonly moves: ParcelMoves,
  ) {
    this.holds = new ColdChainHolds(ctx.store.db);
  }

  reserve(input: ReserveInput): ReserveResult {
    const { store } = this.ctx;
    const now = this.ctx.now();
    const ids = new Set(input.parcels.map((p) => p.parcelId));
    if (input.parcels.length === 0 || ids.size !== input.parcels.length)
      throw new DomainError('UNKNOWN_PARCEL', 'an order needs at least one parcel and unique parcel ids');
    const deadlines = input.parcels.map((p) =>
      parcelDeadline(p.deadline, p.zone, this.ctx.config.deadlines, now),
    );
    return this.ctx.commit(() => {
      if (store.orders.getOrder(input.orderId))
        throw new DomainError(
          'DUPLICATE_ORDER',
          `order ${readableOrderKey(input.orderId)} already exists at this station`,
          { ...orderRefOf(input.orderId) },
        );
      const tenant = input.tenant ?? DEFAULT_TENANT;
      const usable = store.compartments.list().filter((c) => mayUse(this.ctx.config.tenants, tenant, c.no));
      if (usable.length === 0)
        throw new DomainError(
          'TENANT_NOT_ADMITTED',
          `tenant ${tenant} may use no compartment of this station`,
          { tenant },
        );
      const placed =
        this.ctx.config.kind === 'counter'
          ? planPlaces(
              input.parcels,
              usable.map((c) => ({ ...c, blocked: c.blockedReason !== null })),
            )
          : allocate(input.parcels, this.freeCompartments(usable));
      const at = now.toISOString();
      store.orders.insertOrder(input.orderId, 'reserved', at, tenant);
      const validUntil = new Date(Math.max(...deadlines.map((d) => d.getTime())));
      const parcels = input.parcels.map((p, i) => {
        const compartment = placed.get(p.parcelId) as number;
        const deadline = (deadlines[i] as Date).toISOString();
        store.orders.insertParcel(
          {
            ...p,
            orderId: input.orderId,
            compartmentNo: compartment,
            state: 'reserved',
            goodsInside: false,
            deadline,
          },
          at,
        );
        const loadingCode = this.issuer.issue('loading', {
          orderId: input.orderId,
          parcelId: p.parcelId,
          validUntil: deadlines[i] as Date,
        });
        return { parcelId: p.parcelId, compartment, zone: p.zone, size: p.size, loadingCode, deadline };
      });
      const pickupPin = this.issuer.issue('pickup', { orderId: input.orderId, validUntil });
      const qrToken = this.issuer.issue('qr', { orderId: input.orderId, validUntil });
      this.ctx.event({
        type: 'order.reserved',
        orderId: input.orderId,
        parcels: parcels.map(({ loadingCode: _, ...rest }) => rest),
      });
      this.ctx.event({
        type: 'codes.issued',
        orderId: input.orderId,
        pickupPin,
        qrToken,
        loadingCodes: parcels.map((p) => ({ parcelId: p.parcelId, code: p.loadingCode })),
        retrievalCodes: [],
        validUntil: validUntil.toISOString(),
      });
      return { orderId: input.orderId, pickupPin, qrToken, parcels };
    });
  }

  /** Of the compartments the tenant may use, those in service and empty. */
  private freeCompartments(usable: readonly CompartmentRow[]) {
    const taken = this.ctx.store.orders.occupiedCompartments();
    return usable.filter((c) => c.blockedReason === null && !taken.has(c.no));
  }

  /** Reserved parcels are released; loaded ones wait for their producers with a retrieval code. */
  cancel(orderId: string, reason: string): void {
    const now = this.ctx.now();
    this.ctx.commit(() => {
      const { order, parcels } = this.openOrder(orderId, 'cancel');
      const held = parcels.find((p) => p.state === 'held');
      if (held)
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `parcel ${held.parcelId} is held for a cold-chain decision`,
          {
            orderId,
            parcelId: held.parcelId,
          },
        );
      this.ctx.store.orders.markCancelled(order.orderId, reason);
      const waiting = parcels.filter((p) => isActive(p.state)).map((p) => this.moves.move(p, 'cancel', now));
      this.ctx.event({ type: 'order.cancelled', orderId, reason }, now);
      this.moves.issueRetrievalCodes(
        orderId,
        waiting.filter((p) => p.goodsInside),
        now,
      );
      this.moves.refreshOrder(orderId, now);
    });
  }

  extend(orderId: string, deadline: string, by?: string): void {
    const now = this.ctx.now();
    const at = new Date(deadline);
    if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime())
      throw new DomainError('INVALID_DEADLINE', `deadline ${deadline} is not in the future`, { deadline });
    this.ctx.commit(() => {
      const { parcels } = this.openOrder(orderId, 'extend');
      const iso = at.toISOString();
      for (const p of parcels.filter((x) => isActive(x.state)))
        this.ctx.store.orders.setDeadline(orderId, p.parcelId, iso, now.toISOString());
      this.ctx.store.codes.setValidUntilFor(orderId, ['pickup', 'qr', 'loading'], iso);
      this.ctx.event({ type: 'order.extended', orderId, deadline: iso }, now);
      this.ctx.store.audit.append({
        at: now.toISOString(),
        action: 'deadline_extended',
        orderId,
        by: by ?? null,
        detail: iso,
      });
    });
  }

  holdParcel(orderId: string, parcelId: string, reason: string, coldChain: ColdChainRecord): void {
    const now = this.ctx.now();
    const held = this.ctx.commit(() => {
      const parcel = this.parcel(orderId, parcelId);
      this.moves.move(parcel, 'hold', now, reason);
      this.holds.hold(parcel, reason, coldChain, now);
      this.ctx.event(
        { type: 'parcel.held', orderId, parcelId, compartment: parcel.compartmentNo, reason, coldChain },
        now,
      );
      this.moves.refreshOrder(orderId, now);
      return parcel;
    });
    this.ctx.events.notify({
      type: 'parcel_held',
      orderId,
      parcelId,
      compartment: held.compartmentNo,
      zone: held.zone,
      reason,
      at: now,
    });
    this.ctx.events.notify({ type: 'compartments_changed', at: now });
  }

  decideHold(
    orderId: string,
    parcelId: string,
    decision: 'release' | 'discard',
    by: string,
    why: string,
  ): void {
    const now = this.ctx.now();
    const compartment = this.ctx.commit(() => {
      const parcel = this.parcel(orderId, parcelId);
      // the cold-chain rule first: a refused decision must change nothing
      const decided = this.holds.decide(parcel, { decision, by, why, at: now });
      const moved = this.moves.move(parcel, decision, now);
      this.ctx.event(decided, now);
      this.ctx.store.audit.append({
        at: now.toISOString(),
        action: 'hold_decided',
        compartmentNo: parcel.compartmentNo,
        orderId,
        parcelId,
        by,
        reason: why,
        detail: decision,
      });
      if (decision === 'discard') this.moves.issueRetrievalCodes(orderId, [moved], now);
      this.moves.refreshOrder(orderId, now);
      return parcel.compartmentNo;
    });
    this.ctx.events.notify({ type: 'hold_decided', orderId, parcelId, compartment, at: now });
    this.ctx.events.notify({ type: 'compartments_changed', at: now });
  }

  private openOrder(orderId: string, what: string) {
    const order = this.ctx.store.orders.getOrder(orderId);
    if (!order) throw new DomainError('UNKNOWN_ORDER', `no order ${orderId} at this station`, { orderId });
    if (isClosed(order.status))
      throw new DomainError('ILLEGAL_TRANSITION', `cannot ${what} order ${orderId}: it is ${order.status}`, {
        orderId,
        status: order.status,
      });
    return { order, parcels: this.ctx.store.orders.parcelsOf(orderId) };
  }

  private parcel(orderId: string, parcelId: string): ParcelRow {
    if (!this.ctx.store.orders.getOrder(orderId))
      throw new DomainError('UNKNOWN_ORDER', `no order ${orderId} at this station`, { orderId });
    const parcel = this.ctx.store.orders.getParcel(orderId, parcelId);
    if (!parcel)
      throw new DomainError('UNKNOWN_PARCEL', `order ${orderId} has no parcel ${parcelId}`, {
        orderId,
        parcelId,
      });
    return parcel;
  }
}
