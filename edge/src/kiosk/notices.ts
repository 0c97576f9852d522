import type { CompartmentSnapshot } from '@regiobox/contract';
import type { StationNotice } from '../station/api.js';
import type { KioskEvent } from './schema.js';

/**
 * What of the station's notices a person at the screen needs to see. `stateOf` is read when the
 * notice arrives, so a producer's door-close event carries `loaded` once the load is registered.
 */
export const kioskEventFor = (
  notice: StationNotice,
  stateOf: (no: number) => CompartmentSnapshot['state'] | null,
): KioskEvent | null => {
  switch (notice.type) {
    case 'door':
      return {
        type: 'door',
        compartment: notice.compartment,
        open: notice.open,
        state: stateOf(notice.compartment),
      };
    case 'unlock_not_used':
      return { type: 'unlock_not_used', compartment: notice.compartment };
    case 'occupancy_mismatch':
      return {
        type: 'occupancy_mismatch',
        compartment: notice.compartment,
        goodsInside: notice.actual === 'occupied',
      };
    default:
      return null;
  }
};

/** Notices after which the open doors or the out-of-service state may look different. */
export const changesStatus = (notice: StationNotice): boolean =>
  notice.type === 'door' || notice.type === 'door_forced' || notice.type === 'compartments_changed';
