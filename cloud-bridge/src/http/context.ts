import type { Clock } from '../clock.js';
import type { Reservations } from '../marketplace/reservations.js';
import type { StationCommands } from '../marketplace/station-commands.js';
import type { StationDirectory } from '../marketplace/stations.js';
import type { FleetStore } from '../store/fleet-store.js';

/** What the HTTP handlers work with. */
export interface ApiContext {
  readonly store: FleetStore;
  readonly reservations: Reservations;
  readonly stationCommands: StationCommands;
  readonly stations: StationDirectory;
  readonly clock: Clock;
  readonly historyBucketSeconds: number;
  readonly mqttConnected: () => boolean;
}
