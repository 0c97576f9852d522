import type { FleetStore } from '../store/fleet-store.js';

/** Structurally the station registry. */
export interface RegisteredStations {
  hasStation(stationId: string): boolean;
}

/** A station exists for the API when it is registered or has ever reported. */
export class StationDirectory {
  constructor(
    private readonly registry: RegisteredStations,
    private readonly store: FleetStore,
  ) {}

  async knows(stationId: string): Promise<boolean> {
    return this.registry.hasStation(stationId) || (await this.store.presence(stationId)) !== undefined;
  }
}
