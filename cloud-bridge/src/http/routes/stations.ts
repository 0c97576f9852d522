import type { FastifyInstance, FastifyRequest } from 'fastify';
import { haccpCsv } from '../../marketplace/haccp-csv.js';
import { readTourStatus } from '../../marketplace/tours.js';
import type { StationSummary } from '../../store/fleet-store.js';
import { API } from '../api-spec.js';
import { callerOf, networkOnly, viewOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { problem } from '../problem.js';
import { route } from '../route.js';
import { sendCommandOutcome } from './command-reply.js';

const summary = (s: StationSummary) => ({ ...s, online: s.state === 'online' });

const DAY_MS = 86_400_000;

export const stationRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  /** A station the caller does not use answers like one that never reported. */
  const station = async (request: FastifyRequest, stationId: string) => {
    const caller = callerOf(request);
    const s = caller.sees(stationId) ? await ctx.store.getStation(stationId, viewOf(caller)) : undefined;
    if (!s) throw problem(404, 'UNKNOWN_STATION', `station ${stationId} has never reported`);
    return s;
  };

  route(app, API.listStations, async (_input, _reply, request) => {
    const caller = callerOf(request);
    const all = await ctx.store.listStations(viewOf(caller));
    return { stations: all.filter((s) => caller.sees(s.stationId)).map(summary) };
  });

  route(app, API.getStation, async ({ params }, _reply, request) =>
    summary(await station(request, params.stationId)),
  );

  route(app, API.stationEvents, async ({ params, query }, _reply, request) => {
    await station(request, params.stationId);
    const caller = callerOf(request);
    const opts = {
      limit: query.limit,
      ...(query.beforeSeq ? { beforeSeq: query.beforeSeq } : {}),
      ...(caller.network ? {} : { tenant: caller.tenant }),
    };
    return { events: await ctx.store.stationEvents(params.stationId, opts) };
  });

  route(app, API.stationTemperatures, async ({ params, query }, _reply, request) => {
    await station(request, params.stationId);
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

  route(app, API.haccpCsv, async ({ params, query }, reply, request) => {
    const s = await station(request, params.stationId);
    const caller = callerOf(request);
    const range = { from: new Date(query.from), to: new Date(query.to) };
    if (range.to <= range.from) {
      throw problem(400, 'INVALID_REQUEST', 'query.to must lie after query.from', {
        errors: [{ field: 'query.to', message: 'must lie after from' }],
      });
    }
    const points = await ctx.store.temperatureHistory(s.stationId, range, ctx.historyBucketSeconds);
    // a tenant's HACCP log holds the cold-chain records of its own orders only
    const records = (await ctx.store.coldChainRecords(s.stationId, range)).filter(
      (r) => caller.network || r.tenant === caller.tenant,
    );
    const day = (d: Date) => d.toISOString().slice(0, 10);
    reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="haccp-${s.stationId}-${day(range.from)}-${day(range.to)}.csv"`,
      );
    return haccpCsv(s, points, records, ctx.historyBucketSeconds);
  });

  route(app, API.setThresholds, async ({ params, body }, reply, request) => {
    networkOnly(request, params.stationId);
    return sendCommandOutcome(
      reply,
      await ctx.stationCommands.setThresholds(params.stationId, body.zone, body.limits, body.by),
    );
  });

  route(app, API.setTour, async ({ params, body }, reply, request) => {
    networkOnly(request, params.stationId);
    return sendCommandOutcome(reply, await ctx.stationCommands.setTour(params.stationId, body));
  });

  route(app, API.getTour, async ({ params }, _reply, request) => {
    const s = await station(request, params.stationId);
    const tour = await readTourStatus(ctx.store, s.stationId, s.lastSeenAt, ctx.clock.now());
    if (!tour) throw problem(404, 'NO_TOUR', `station ${s.stationId} has no tour`);
    return tour;
  });

  route(app, API.serviceOpen, async ({ params, body }, reply, request) => {
    networkOnly(request, params.stationId);
    return sendCommandOutcome(
      reply,
      await ctx.stationCommands.serviceOpen(params.stationId, params.no, body.operator, body.reason),
    );
  });
};
