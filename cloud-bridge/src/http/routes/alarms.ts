import type { FastifyInstance } from 'fastify';
import { API } from '../api-spec.js';
import { callerOf, networkOnly } from '../caller.js';
import type { ApiContext } from '../context.js';
import { route } from '../route.js';
import { sendCommandOutcome } from './command-reply.js';

export const alarmRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  // A tenant sees the alarms of the stations it uses: its goods are inside (FLEET.md, Tenants).
  route(app, API.listAlarms, async ({ query }, _reply, request) => {
    const caller = callerOf(request);
    const alarms = await ctx.store.listAlarms({
      ...(query.state === 'all' ? {} : { state: query.state }),
      ...(query.stationId ? { stationId: query.stationId } : {}),
      limit: query.limit,
    });
    return { alarms: alarms.filter((a) => caller.sees(a.stationId)) };
  });

  route(app, API.ackAlarm, async ({ params, body }, reply, request) => {
    networkOnly(request);
    return sendCommandOutcome(
      reply,
      await ctx.stationCommands.ackAlarm(params.alarmId, body.by, body.note, body.stationId),
    );
  });
};
