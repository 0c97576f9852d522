import type { FastifyInstance } from 'fastify';
import { API } from '../api-spec.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { problem, stationRefusal } from '../problem.js';
import { route } from '../route.js';

export const reservationRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  route(app, API.createReservation, async ({ params, body }, reply, request) => {
    const caller = callerOf(request);
    if (!caller.sees(params.stationId))
      throw problem(404, 'UNKNOWN_STATION', `station ${params.stationId} is not known`);
    const { outcome, view } = await ctx.reservations.create(caller.tenant, params.stationId, body);
    if (outcome?.kind === 'refused') throw stationRefusal(outcome.error);
    reply.code(outcome?.kind === 'done' ? 201 : 202);
    if (outcome?.kind !== 'done') reply.header('location', `/v1/reservations/${view.reservationId}`);
    return view;
  });

  route(app, API.getReservation, async ({ params }, _reply, request) => {
    const view = await ctx.reservations.get(callerOf(request).tenant, params.reservationId);
    if (!view) throw problem(404, 'UNKNOWN_RESERVATION', `reservation ${params.reservationId} is not known`);
    return view;
  });
};
