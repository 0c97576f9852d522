import { DomainError } from '../domain/errors.js';
import { type CompartmentFacts, codeExpired, decidePickup, type MissingParcel } from '../domain/pickup.js';
import { placeFits } from '../domain/places.js';
import type { CodeRow } from '../store/codes-repo.js';
import type { CodeOutcome, CodeSource } from './api.js';
import type { CodeEntry } from './code-entry.js';
import type { CodeUse } from './code-use.js';
import type { StationContext } from './context.js';
import { CounterTickets, type Ticket } from './counter-tickets.js';
import type { ParcelMoves } from './parcel-moves.js';
import { entitlementOf } from './pickup-plan.js';

export interface CounterParcel {
  readonly parcelId: string;
  readonly producer: string;
  readonly zone: string;
  /** the place it is stored in (loaded) or planned for (to be delivered) */
  readonly place: number;
}

/** What the staff page shows after a code: the parcels to hand over or to book, and where they are. */
export type CounterLookup =
  | {
      readonly ok: true;
      readonly ticket: string;
      readonly purpose: 'pickup' | 'loading' | 'retrieval';
      readonly orderId: string;
      readonly parcels: readonly CounterParcel[];
      /** pickup: parcels of the order not here yet (not delivered, or held for a cold-chain check) */
      readonly missing: readonly MissingParcel[];
      /** parcels whose place is out of service now; the code stays valid for them */
      readonly unavailable: readonly CounterParcel[];
    }
  | Extract<CodeOutcome, { ok: false }>;

export interface HandedOver {
  readonly orderId: string;
  readonly parcelId: string;
  readonly place: number;
  /** the order is complete: order.picked_up went out with this hand-over */
  readonly orderClosed: boolean;
}

/**
 * A shop counter's hand-over desk: staff type or scan a customer's PIN or QR token (or a producer's
 * loading or retrieval code), see the parcels and their places, and confirm each parcel. The code is
 * checked by the same CodeEntry as at a locker's keypad (back-off, QR throttle, expiry), used up by
 * the same rule (when nothing is left for it), and every move emits the same events.
 */
export class CounterDesk {
  private readonly tickets: CounterTickets;

  constructor(
    private readonly ctx: StationContext,
    private readonly codes: CodeEntry,
    private readonly codeUse: CodeUse,
    private readonly moves: ParcelMoves,
  ) {
    this.tickets = new CounterTickets(ctx);
  }

  lookUp(input: string, source: CodeSource, staff: string): CounterLookup {
    const identified = this.codes.identify(input, source);
    if ('rejection' in identified) return identified.rejection as Extract<CodeOutcome, { ok: false }>;
    const code = identified.code;
    if (code.kind === 'service' || code.orderId === null)
      return {
        ok: false,
        reason: 'NOTHING_TO_OPEN',
        message: 'A service code opens doors; a counter has none.',
      };
    const places = this.placeFacts();
    const parcels = this.ctx.store.orders.parcelsOf(code.orderId);
    const decision = decidePickup(entitlementOf(code), parcels, places, this.ctx.judgeNow());
    const view = (p: { parcelId: string; producer: string; zone: string; compartmentNo: number }) => ({
      parcelId: p.parcelId,
      producer: p.producer,
      zone: p.zone,
      place: p.compartmentNo,
    });
    const byId = new Map(parcels.map((p) => [p.parcelId, p]));
    if (!decision.open) {
      if (decision.refusal === 'OUT_OF_SERVICE')
        return {
          ok: false,
          reason: 'OUT_OF_SERVICE',
          message: 'The place of these goods is out of service. The code stays valid.',
        };
      const held = decision.missing.some((m) => m.state === 'held');
      return {
        ok: false,
        reason: decision.refusal === 'EXPIRED' ? 'EXPIRED' : 'NOTHING_TO_OPEN',
        missing: decision.missing,
        message:
          decision.missing.length === 0
            ? 'Nothing to hand over for this code.'
            : held
              ? 'Goods are held for a cold-chain check.'
              : 'The goods have not been delivered yet.',
      };
    }
    const purpose = decision.purpose === 'service' ? 'pickup' : decision.purpose;
    const chosen = decision.targets
      .flatMap((t) => (t.parcelId ? [byId.get(t.parcelId)] : []))
      .flatMap((p) => (p ? [view(p)] : []));
    const unavailable = parcels
      .filter((p) => decision.blocked.includes(p.compartmentNo) && p.state === 'loaded')
      .map(view);
    const ticket = this.tickets.open({
      codeId: code.id,
      orderId: code.orderId,
      purpose,
      staff,
      parcelIds: chosen.map((p) => p.parcelId),
    });
    this.ctx.log.info(
      { orderId: code.orderId, purpose, staff, parcels: chosen.length },
      'code accepted at the counter',
    );
    return {
      ok: true,
      ticket,
      purpose,
      orderId: code.orderId,
      parcels: chosen,
      missing: decision.missing,
      unavailable,
    };
  }

  /** Staff hand one parcel of a looked-up order over (to its customer, or back to its producer). */
  handOver(ticketId: string, parcelId: string, staff: string): HandedOver {
    const now = this.ctx.now();
    const result = this.ctx.commit(() => {
      const { ticket, code, parcel } = this.check(ticketId, parcelId, staff);
      if (ticket.purpose === 'loading')
        throw new DomainError('ILLEGAL_TRANSITION', 'a delivery is booked into a place, not handed over');
      this.moves.move(parcel, ticket.purpose === 'retrieval' ? 'retrieve' : 'pick_up', now);
      this.ctx.store.audit.append({
        at: now.toISOString(),
        action: 'handed_over',
        compartmentNo: parcel.compartmentNo,
        reason: ticket.purpose,
        orderId: parcel.orderId,
        parcelId,
        by: staff,
      });
      this.codeUse.consume(code.id, now);
      const status = this.moves.refreshOrder(parcel.orderId, now);
      return {
        orderId: parcel.orderId,
        parcelId,
        place: parcel.compartmentNo,
        orderClosed: status === 'picked_up',
      };
    });
    this.tickets.done(ticketId, parcelId);
    this.ctx.events.notify({ type: 'compartments_changed', at: now });
    return result;
  }

  /** Staff book a producer's delivery into the place they chose; the parcel is loaded from now on. */
  book(ticketId: string, parcelId: string, placeNo: number, staff: string): HandedOver {
    const now = this.ctx.now();
    const result = this.ctx.commit(() => {
      const { ticket, code, parcel } = this.check(ticketId, parcelId, staff);
      if (ticket.purpose !== 'loading')
        throw new DomainError('ILLEGAL_TRANSITION', 'only a loading code books a delivery');
      const place = this.ctx.store.compartments.get(placeNo);
      if (!place)
        throw new DomainError('UNKNOWN_COMPARTMENT', `this counter has no place ${placeNo}`, {
          compartment: placeNo,
        });
      if (place.blockedReason !== null)
        throw new DomainError('ILLEGAL_TRANSITION', `place ${placeNo} is out of service`, {
          compartment: placeNo,
        });
      if (!placeFits(parcel.zone, place.zone))
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `${parcel.zone} goods cannot be stored at a ${place.zone} place`,
          {
            compartment: placeNo,
            zone: parcel.zone,
          },
        );
      this.ctx.store.orders.setPlace(parcel.orderId, parcelId, placeNo, now.toISOString());
      this.ctx.store.codes.setStatus(code.id, 'used', now.toISOString());
      this.moves.move({ ...parcel, compartmentNo: placeNo }, 'load', now);
      this.ctx.store.audit.append({
        at: now.toISOString(),
        action: 'delivery_booked',
        compartmentNo: placeNo,
        orderId: parcel.orderId,
        parcelId,
        by: staff,
      });
      this.moves.refreshOrder(parcel.orderId, now);
      return { orderId: parcel.orderId, parcelId, place: placeNo, orderClosed: false };
    });
    this.tickets.done(ticketId, parcelId);
    this.ctx.events.notify({ type: 'compartments_changed', at: now });
    return result;
  }

  /** The ticket is the staff member's, still open, covers the parcel, and its code is still good. */
  private check(
    ticketId: string,
    parcelId: string,
    staff: string,
  ): {
    ticket: Ticket;
    code: CodeRow;
    parcel: NonNullable<ReturnType<StationContext['store']['orders']['getParcel']>>;
  } {
    const ticket = this.tickets.get(ticketId, staff);
    if (!ticket.parcelIds.includes(parcelId))
      throw new DomainError('UNKNOWN_PARCEL', `parcel ${parcelId} is not part of this hand-over`, {
        parcelId,
      });
    const code = this.ctx.store.codes.get(ticket.codeId);
    if (
      !code ||
      code.status === 'revoked' ||
      code.status === 'expired' ||
      codeExpired(entitlementOf(code), this.ctx.judgeNow())
    )
      throw new DomainError('ILLEGAL_TRANSITION', 'the code is no longer valid; ask for it again');
    const parcel = this.ctx.store.orders.getParcel(ticket.orderId, parcelId);
    if (!parcel) throw new DomainError('UNKNOWN_PARCEL', `no parcel ${parcelId}`, { parcelId });
    return { ticket, code, parcel };
  }

  private placeFacts(): Map<number, CompartmentFacts> {
    return new Map(
      this.ctx.store.compartments
        .list()
        .map((c) => [c.no, { no: c.no, blocked: c.blockedReason !== null, opening: false }]),
    );
  }
}
