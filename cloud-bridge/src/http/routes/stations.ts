import type { FastifyInstance } from 'fastify';
import { haccpCsv } from '../../marketplace/haccp-csv.js';
import { readTourStatus } from '../../marketplace/tours.js';
import type { StationSummary } from '../../store/fleet-store.js';
import { API } from '../api-spec.js';
import type { ApiContext } from '../context.js';
import { problem } from '../problem.js';
import { route } from '../route.js';
import { sendCommandOutcome } from './command-reply.js';

const summary = (s: StationSummary) => ({ ...s, online: s.state === 'online' });

const DAY_MS = 86_400_000;

export const stationRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  const station = async (stationId: string) => {
    const s = await ctx.store.getStation(stationId);
    if (!s) throw problem(404, 'UNKNOWN_STATION', `station ${stationId} has never reported`);
    return s;
  };

  route(app, API.listStations, async () => ({ stations: (await ctx.store.listStations()).map(summary) }));

  route(app, API.getStation, async ({ params }) => summary(await station(params.stationId)));

  route(app, API.stationEvents, async ({ params, query }) => {
    await station(params.stationId);
    const opts = { limit: query.limit, ...(query.beforeSeq ? { beforeSeq: query.beforeSeq } : {}) };
    return { events: await ctx.store.stationEvents(params.stationId, opts) };
  });

  route(app, API.stationTemperatures, async ({ params, query }) => {
    await station(params.stationId);
    const to = query.to ? new Date(query.to) : ctx.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
    const points = await ctx.store.temperatureHistory(
      params.stationId,
      { from, to },
      query.resolutionSeconds,
    );
    return {
      stationId: params.stationId,
      from: from.toISOString(),
      to: to.toISOString(),
      resolutionSeconds: query.resolutionSeconds,
      points,
    };
  });

  route(app, API.haccpCsv, async ({ params, query }, reply) => {
    const s = await station(params.stationId);
    const range = { from: new Date(query.from), to: new Date(query.to) };
    if (range.to <= range.from) {
      throw problem(400, 'INVALID_REQUEST', 'query.to must lie after query.from', {
        errors: [{ field: 'query.to', message: 'must lie after from' }],
      });
    }
    const points = await ctx.store.temperatureHistory(s.stationId, range, ctx.historyBucketSeconds);
    const records = await ctx.store.coldChainRecords(s.stationId, range);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="haccp-${s.stationId}-${day(range.from)}-${day(range.to)}.csv"`,
      );
    return haccpCsv(s, points, records, ctx.historyBucketSeconds);
  });

  route(app, API.setThresholds, async ({ params, body }, reply) =>
    sendCommandOutcome(
      reply,
      await ctx.stationCommands.setThresholds(params.stationId, body.zone, body.limits, body.by),
    ),
  );

  route(app, API.setTour, async ({ params, body }, reply) =>
    sendCommandOutcome(reply, await ctx.stationCommands.setTour(params.stationId, body)),
  );

  route(app, API.getTour, async ({ params }) => {
    const s = await station(params.stationId);
    const tour = await readTourStatus(ctx.store, s.stationId, s.lastSeenAt, ctx.clock.now());
    if (!tour) throw problem(404, 'NO_TOUR', `station ${s.stationId} has no tour`);
    return tour;
  });

  route(app, API.serviceOpen, async ({ params, body }, reply) =>
    sendCommandOutcome(
      reply,
      await ctx.stationCommands.serviceOpen(params.stationId, params.no, body.operator, body.reason),
    ),
  );
};
