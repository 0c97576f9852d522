import type { FastifyInstance } from 'fastify';
import { API } from '../api-spec.js';
import type { ApiContext } from '../context.js';
import { route } from '../route.js';
import { sendCommandOutcome } from './command-reply.js';

export const alarmRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  route(app, API.listAlarms, async ({ query }) => ({
    alarms: await ctx.store.listAlarms({
      ...(query.state === 'all' ? {} : { state: query.state }),
      ...(query.stationId ? { stationId: query.stationId } : {}),
      limit: query.limit,
    }),
  }));

  route(app, API.ackAlarm, async ({ params, body }, reply) =>
    sendCommandOutcome(
      reply,
      await ctx.stationCommands.ackAlarm(params.alarmId, body.by, body.note, body.stationId),
    ),
  );
};
