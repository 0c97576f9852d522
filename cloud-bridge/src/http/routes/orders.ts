import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API } from '../api-spec.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { problem } from '../problem.js';
import { route } from '../route.js';
import { sendCommandOutcome } from './command-reply.js';

export const orderRoutes = (app: FastifyInstance, ctx: ApiContext): void => {
  /** The caller's order: another tenant's order with this id is, for it, unknown. */
  const key = (request: FastifyRequest, orderId: string) => ({ tenant: callerOf(request).tenant, orderId });

  route(app, API.getOrder, async ({ params }, _reply, request) => {
    const order = await ctx.store.getOrder(callerOf(request).tenant, params.orderId);
    if (!order) throw problem(404, 'UNKNOWN_ORDER', `order ${params.orderId} is not known`);
    return order;
  });

  route(app, API.cancelOrder, async ({ params, body }, reply, request) =>
    sendCommandOutcome(reply, await ctx.stationCommands.cancel(key(request, params.orderId), body.reason)),
  );

  route(app, API.extendOrder, async ({ params, body }, reply, request) =>
    sendCommandOutcome(reply, await ctx.stationCommands.extend(key(request, params.orderId), body.deadline)),
  );

  route(app, API.decideHold, async ({ params, body }, reply, request) =>
    sendCommandOutcome(
      reply,
      await ctx.stationCommands.decideHold(
        key(request, params.orderId),
        params.parcelId,
        body.decision,
        body.by,
        body.why,
      ),
    ),
  );
};
