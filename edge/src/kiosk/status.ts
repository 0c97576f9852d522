import type { CompartmentSnapshot } from '@regiobox/contract';
import type { StationApi } from '../station/api.js';
import type { KioskStatus, OutOfServiceReason, VanStatus } from './schema.js';

export interface KioskHealth {
  readonly boardReachable: boolean;
  readonly storageOk: boolean;
}

export interface StatusSource {
  readonly api: Pick<StationApi, 'snapshot'>;
  readonly health: () => KioskHealth;
  readonly station: { readonly id: string; readonly name: string };
  readonly contact: string | null;
  readonly maskPin: boolean;
  readonly now: () => Date;
  /** a van's tour view; absent at every other station */
  readonly van?: () => VanStatus | null;
}

/**
 * Storage first: a station that cannot record a pickup must not open doors even if the board is fine.
 * A snapshot that throws is a storage fault too: the kiosk must never show a healthy screen then.
 */
export const readStatus = (source: StatusSource): KioskStatus => {
  let reason: OutOfServiceReason | null = null;
  let compartments: CompartmentSnapshot[] = [];
  const health = source.health();
  try {
    compartments = source.api.snapshot();
  } catch {
    reason = 'STORAGE_FAULT';
  }
  if (!health.storageOk) reason = 'STORAGE_FAULT';
  else if (reason === null && !health.boardReachable) reason = 'BOARD_UNREACHABLE';
  return {
    station: source.station,
    outOfService: reason === null ? null : { reason },
    openDoors: compartments.filter((c) => c.doorOpen === true).map((c) => c.no),
    contact: source.contact,
    maskPin: source.maskPin,
    ...(source.van ? { van: source.van() } : {}),
    at: source.now().toISOString(),
  };
};

/** Two statuses that would look the same on the screen (the timestamp does not count). */
export const sameScreen = (a: KioskStatus, b: KioskStatus): boolean =>
  a.outOfService?.reason === b.outOfService?.reason &&
  a.openDoors.length === b.openDoors.length &&
  a.openDoors.every((no, i) => b.openDoors[i] === no) &&
  JSON.stringify(a.van ?? null) === JSON.stringify(b.van ?? null);
