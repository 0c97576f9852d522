import type { FastifyInstance } from 'fastify';
import { dailySummaryCsv } from '../../marketplace/daily-csv.js';
import { API } from '../api-spec.js';
import { networkOnly } from '../caller.js';
import type { ApiContext } from '../context.js';
import { problem } from '../problem.js';
import { route } from '../route.js';

const filterOf = (query: { from: string; to: string; stationId?: string | undefined }) => {
  if (query.to < query.from) {
    throw problem(400, 'INVALID_REQUEST', 'query.to must not lie before query.from', {
      errors: [{ field: 'query.to', message: 'must not lie before from' }],
    });
  }
  const stationIds = (query.stationId ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { from: query.from, to: query.to, stationIds };
};

/** What the stations did, per day: JSON for programs, CSV for spreadsheets. */
export const dailySummaryRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  route(app, API.dailySummaries, async ({ query }, _reply, request) => {
    networkOnly(request);
    const filter = filterOf(query);
    return { from: filter.from, to: filter.to, summaries: await ctx.store.dailySummaries(filter) };
  });

  route(app, API.dailySummariesCsv, async ({ query }, reply, request) => {
    networkOnly(request);
    const filter = filterOf(query);
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="daily-${filter.from}-${filter.to}.csv"`);
    return dailySummaryCsv(await ctx.store.dailySummaries(filter));
  });
};
