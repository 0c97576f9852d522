import { DEFAULT_TENANT, type EventBody, type ParcelState, tenantOf } from '@regiobox/contract';

export type { ParcelState } from '@regiobox/contract';

export type OrderState =
  | 'reserved'
  | 'partially_loaded'
  | 'loaded'
  | 'picked_up'
  | 'expired'
  | 'retrieved'
  | 'cancelled';

export interface ProjectedParcel {
  readonly parcelId: string;
  readonly compartment: number;
  readonly zone: string;
  readonly size: string;
  readonly deadline: string;
}

/** An order is known by its tenant and its id: two tenants may use the same order id. */
export interface OrderKey {
  readonly tenant: string;
  readonly orderId: string;
}

/** What one station event changes about an order, as data, so any store can apply it. */
export type OrderEffect = OrderKey &
  (
    | { readonly kind: 'create'; readonly parcels: readonly ProjectedParcel[] }
    | { readonly kind: 'parcel'; readonly parcelId: string; readonly state: ParcelState }
    | { readonly kind: 'order'; readonly state: OrderState }
    | { readonly kind: 'deadline'; readonly deadline: string }
  );

export const orderEffect = (event: EventBody): OrderEffect | undefined => {
  const effect = orderChange(event);
  return effect && 'orderId' in event ? { ...effect, tenant: tenantOf(event) } : undefined;
};

type Change = OrderEffect extends infer E ? (E extends OrderEffect ? Omit<E, 'tenant'> : never) : never;

const orderChange = (event: EventBody): Change | undefined => {
  switch (event.type) {
    case 'order.reserved':
      return { kind: 'create', orderId: event.orderId, parcels: event.parcels };
    case 'parcel.loaded':
      return parcel(event, 'loaded');
    case 'parcel.picked_up':
      return parcel(event, 'picked_up');
    case 'parcel.expired':
      return parcel(event, 'expired');
    case 'parcel.retrieved':
      return parcel(event, 'retrieved');
    case 'parcel.held':
      return parcel(event, 'held');
    case 'parcel.hold_decided':
      return parcel(event, event.decision === 'release' ? 'loaded' : 'discarded');
    case 'order.picked_up':
      return { kind: 'order', orderId: event.orderId, state: 'picked_up' };
    case 'order.expired':
      return { kind: 'order', orderId: event.orderId, state: 'expired' };
    case 'order.cancelled':
      return { kind: 'order', orderId: event.orderId, state: 'cancelled' };
    case 'order.extended':
      return { kind: 'deadline', orderId: event.orderId, deadline: event.deadline };
    default:
      return undefined;
  }
};

const parcel = (e: { orderId: string; parcelId: string }, state: ParcelState): Change => ({
  kind: 'parcel',
  orderId: e.orderId,
  parcelId: e.parcelId,
  state,
});

/**
 * The order's state after one of its parcels changed. Order-level events (picked up, expired,
 * cancelled) set the state directly; this only fills in what parcels imply.
 */
export const deriveOrderState = (current: OrderState, parcels: readonly ParcelState[]): OrderState => {
  if (parcels.length === 0 || current === 'cancelled') return current;
  const all = (ok: readonly ParcelState[]) => parcels.every((p) => ok.includes(p));
  if (all(['picked_up'])) return 'picked_up';
  if (all(['picked_up', 'retrieved', 'discarded'])) return 'retrieved';
  if (current === 'expired' || current === 'picked_up') return current;
  if (all(['loaded', 'held'])) return 'loaded';
  if (parcels.some((p) => p === 'loaded' || p === 'held' || p === 'picked_up')) return 'partially_loaded';
  return current;
};

/**
 * The order's fields of a command. The default tenant is left out, so that a station from before
 * tenants verifies a signed command over the same body it parses (absent means `default`).
 */
export const orderFields = (key: OrderKey): { orderId: string; tenant?: string } =>
  key.tenant === DEFAULT_TENANT ? { orderId: key.orderId } : { tenant: key.tenant, orderId: key.orderId };
