import type { Zone } from '@regiobox/contract';
import { DomainError } from './errors.js';
import { isActive, type ParcelState } from './parcel.js';

/**
 * An order's status follows from its parcels: open while any parcel is in play, then closed as
 * picked_up (everything collected), cancelled, or expired (anything left uncollected).
 */
export type OrderStatus = 'reserved' | 'partly_loaded' | 'loaded' | 'picked_up' | 'expired' | 'cancelled';

export const deriveOrderStatus = (parcels: readonly ParcelState[], cancelled: boolean): OrderStatus => {
  if (parcels.length === 0) throw new DomainError('UNKNOWN_PARCEL', 'an order has at least one parcel');
  const active = parcels.filter(isActive);
  if (active.length > 0) {
    if (cancelled) return 'cancelled';
    const waiting = parcels.filter((s) => s === 'reserved').length;
    if (waiting === active.length && !parcels.some((s) => s === 'picked_up')) return 'reserved';
    return waiting > 0 ? 'partly_loaded' : 'loaded';
  }
  if (cancelled) return 'cancelled';
  return parcels.every((s) => s === 'picked_up') ? 'picked_up' : 'expired';
};

export const isClosed = (status: OrderStatus): boolean =>
  status === 'picked_up' || status === 'expired' || status === 'cancelled';

export interface ZoneDeadline {
  readonly pickupWindowHours: number;
  readonly reminderLeadHours: number;
}

const HOUR = 3_600_000;

/** The marketplace's deadline if given (must lie in the future), else the zone's default window. */
export const parcelDeadline = (
  requested: string | undefined,
  zone: Zone,
  windows: Readonly<Record<Zone, ZoneDeadline>>,
  now: Date,
): Date => {
  if (requested === undefined) return new Date(now.getTime() + windows[zone].pickupWindowHours * HOUR);
  const at = new Date(requested);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime())
    throw new DomainError('INVALID_DEADLINE', `deadline ${requested} is not in the future`, {
      deadline: requested,
    });
  return at;
};

/** When the reminder for a parcel is due, or null when the zone sends none. */
export const reminderDue = (
  deadline: Date,
  zone: Zone,
  windows: Readonly<Record<Zone, ZoneDeadline>>,
): Date | null => {
  const lead = windows[zone].reminderLeadHours;
  return lead > 0 ? new Date(deadline.getTime() - lead * HOUR) : null;
};
