import { type EventBody, tenantOf } from '@regiobox/contract';

export type CompartmentStateName = 'free' | 'reserved' | 'loaded' | 'open' | 'blocked';

export interface CompartmentPatch {
  readonly state?: CompartmentStateName;
  readonly orderId?: string | null;
  /** the tenant of `orderId` */
  readonly tenant?: string | null;
  readonly doorOpen?: boolean;
  readonly blockedReason?: string | null;
}

/**
 * How an event changes the compartments the bridge shows between two state snapshots. The station's
 * retained `state` message stays authoritative and replaces all of this when it arrives.
 */
export type CompartmentEffect =
  | { readonly target: 'compartment'; readonly no: number; readonly patch: CompartmentPatch }
  | {
      readonly target: 'order';
      readonly tenant: string;
      readonly orderId: string;
      readonly patch: CompartmentPatch;
    }
  /** back to `loaded` when an order is still inside, else `free` */
  | { readonly target: 'unblock'; readonly no: number };

export const compartmentEffects = (event: EventBody): CompartmentEffect[] => {
  switch (event.type) {
    case 'order.reserved':
      return event.parcels.map((p) =>
        one(p.compartment, { state: 'reserved', orderId: event.orderId, tenant: tenantOf(event) }),
      );
    case 'parcel.loaded':
      return [one(event.compartment, { state: 'loaded', orderId: event.orderId, tenant: tenantOf(event) })];
    case 'parcel.picked_up':
    case 'parcel.retrieved':
      return [one(event.compartment, { state: 'free', orderId: null, tenant: null, blockedReason: null })];
    case 'parcel.held':
      return [one(event.compartment, { state: 'blocked', blockedReason: event.reason })];
    case 'parcel.hold_decided':
      return event.decision === 'release'
        ? [one(event.compartment, { state: 'loaded', blockedReason: null })]
        : [];
    case 'order.cancelled':
      return [
        {
          target: 'order',
          tenant: tenantOf(event),
          orderId: event.orderId,
          patch: { state: 'free', orderId: null, tenant: null },
        },
      ];
    case 'compartment.door':
      return [one(event.compartment, { doorOpen: event.open })];
    case 'compartment.blocked':
      return [one(event.compartment, { state: 'blocked', blockedReason: event.reason })];
    case 'compartment.unblocked':
      return [{ target: 'unblock', no: event.compartment }];
    default:
      return [];
  }
};

const one = (no: number, patch: CompartmentPatch): CompartmentEffect => ({
  target: 'compartment',
  no,
  patch,
});
