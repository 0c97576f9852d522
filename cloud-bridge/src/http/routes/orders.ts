import type { FastifyInstance } from 'fastify';
import { API } from '../api-spec.js';
import type { ApiContext } from '../context.js';
import { problem } from '../problem.js';
import { route } from '../route.js';
import { sendCommandOutcome } from './command-reply.js';

export const orderRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  route(app, API.getOrder, async ({ params }) => {
    const order = await ctx.store.getOrder(params.orderId);
    if (!order) throw problem(404, 'UNKNOWN_ORDER', `order ${params.orderId} is not known`);
    return order;
  });

  route(app, API.cancelOrder, async ({ params, body }, reply) =>
    sendCommandOutcome(reply, await ctx.stationCommands.cancel(params.orderId, body.reason)),
  );

  route(app, API.extendOrder, async ({ params, body }, reply) =>
    sendCommandOutcome(reply, await ctx.stationCommands.extend(params.orderId, body.deadline)),
  );

  route(app, API.decideHold, async ({ params, body }, reply) =>
    sendCommandOutcome(
      reply,
      await ctx.stationCommands.decideHold(params.orderId, params.parcelId, body.decision, body.by, body.why),
    ),
  );
};
