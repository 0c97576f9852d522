import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { readTourStatus, type TourStatus } from '../marketplace/tours.js';
import type { FleetStore } from '../store/fleet-store.js';
import type { Access } from './access.js';
import type { StationLabels } from './views.js';

export interface TourRoutesDeps {
  readonly store: FleetStore;
  readonly accessOf: (request: FastifyRequest) => Access;
  readonly clock: Clock;
  readonly labels: StationLabels;
}

/** GET /dashboard/api/tours: every van the operator may see, with its tour as it goes. */
export const registerTourRoutes = (scope: FastifyInstance, d: TourRoutesDeps): void => {
  scope.get('/api/tours', async (request) => {
    const access = d.accessOf(request);
    const vans = (await d.store.listStations()).filter((s) => s.kind === 'van' && access.sees(s.stationId));
    const now = d.clock.now();
    const tours: (TourStatus & { label: string | null; online: boolean })[] = [];
    for (const van of vans) {
      const tour = await readTourStatus(d.store, van.stationId, van.lastSeenAt, now);
      if (tour)
        tours.push({ ...tour, label: d.labels[van.stationId] ?? null, online: van.state === 'online' });
    }
    return { tours, at: now.toISOString() };
  });
};
