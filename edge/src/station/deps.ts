import type { StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { StationConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import type { PickupGate } from '../domain/tour.js';
import type { Db } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import type { StationEvents } from './events.js';

/**
 * The time deadlines and code validity are judged by: the wall clock while it can be trusted, a
 * time known to have passed while it cannot (see domain/clock-trust.ts); null when the station has
 * never known the time, and then nothing expires.
 */
export interface DeadlineJudge {
  judgeNow(): Date | null;
}

/** What the station service is built from; `station.ts` assembles it. */
export interface StationDeps {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly hardware: StationHardware;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly config: StationConfig;
  readonly logger: Logger;
  /** from `openStationKey(dataDir, db)`; codes are MACed under it */
  readonly stationKey: Uint8Array;
  /** default: the wall clock judges deadlines */
  readonly deadlines?: DeadlineJudge;
  /** a van: whether an order's PIN may open here and now (its tour stop and window); absent: always */
  readonly pickupGate?: (orderId: string) => PickupGate;
  /** the station's bus; a service built alone (tests) makes its own */
  readonly events?: StationEvents;
}
