import {
  AuditLogResult,
  CompartmentNo,
  DEFAULT_TENANT,
  IsoTime,
  OrderId,
  ParcelId,
  StationId,
  TenantId,
  Zone,
  ZoneThresholdsOverride,
} from '@regiobox/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BridgeError } from '../errors.js';
import type { FleetStore } from '../store/fleet-store.js';
import type { Access } from './access.js';
import type { ActionOutcome, StationActions } from './actions.js';
import { DashboardError, type DashboardErrorCode, parseInput } from './errors.js';
import type { ServiceOpenLimit } from './service-open-limit.js';

export interface ActionDeps {
  readonly store: FleetStore;
  readonly actions: StationActions;
  readonly accessOf: (request: FastifyRequest) => Access;
  readonly serviceOpens: ServiceOpenLimit;
}

const Station = z.object({ stationId: StationId });
const Compartment = z.object({ stationId: StationId, no: z.coerce.number().pipe(CompartmentNo) });
const Order = z.object({ stationId: StationId, orderId: OrderId });
const Parcel = Order.extend({ parcelId: ParcelId });
/** order ids are unique per tenant: the page names the order's tenant (absent: the default one) */
const OrderTenantQuery = z.object({ tenant: TenantId.default(DEFAULT_TENANT) });
// The same bounds as the commands, so the station never refuses what the page accepted.
const Reason = z.object({ reason: z.string().trim().min(1, 'give a reason').max(200) });
const HoldDecision = z.object({
  decision: z.enum(['release', 'discard']),
  why: z.string().trim().min(1, 'give a reason').max(500),
});
const Extend = z.object({ deadline: IsoTime });
const ZoneParams = z.object({ stationId: StationId, zone: Zone });
// The page sets the temperature limits; the other fields of the command stay as the station has them.
const Limits = ZoneThresholdsOverride.pick({ upperCelsius: true, lowerCelsius: true }).refine(
  (l) => l.upperCelsius !== undefined || l.lowerCelsius !== undefined,
  'give upperCelsius or lowerCelsius',
);
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

// Bridge refusals the page can act on, by code; anything else is a failure of the bridge.
const BRIDGE_CODES: Readonly<Record<string, DashboardErrorCode>> = {
  UNKNOWN_STATION: 'UNKNOWN_STATION',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  UNKNOWN_PARCEL: 'UNKNOWN_PARCEL',
  UNKNOWN_COMPARTMENT: 'UNKNOWN_COMPARTMENT',
  PARCEL_NOT_HELD: 'PARCEL_NOT_HELD',
};

const carryOut = async (work: () => Promise<ActionOutcome>): Promise<ActionOutcome> => {
  try {
    return await work();
  } catch (err) {
    const code = err instanceof BridgeError ? BRIDGE_CODES[err.code] : undefined;
    if (code && err instanceof Error) throw new DashboardError(code, err.message);
    throw err;
  }
};

/** 200 with the station's result, 202 while it is on its way, 409 naming the station's refusal. */
const answer = (outcome: ActionOutcome) => {
  switch (outcome.kind) {
    case 'done':
      return { status: 200, body: { status: 'done', commandId: outcome.commandId, result: outcome.result } };
    case 'sent':
      return { status: 202, body: { status: 'sent', commandId: outcome.commandId } };
    case 'queued':
      return {
        status: 202,
        body: { status: 'queued', commandId: outcome.commandId, until: outcome.expiresAt },
      };
    case 'refused':
      throw new DashboardError('STATION_REFUSED', `The station refused: ${outcome.message}`, outcome.code);
  }
};

/**
 * The operators' actions on a station. Each needs a role that may act and a station in the
 * operator's groups, JSON from the dashboard's own origin (the guard), and names the session's
 * operator as `by` — never a field of the request.
 */
export const registerActionRoutes = (scope: FastifyInstance, d: ActionDeps): void => {
  const actor = (request: FastifyRequest, stationId: string): string => {
    const access = d.accessOf(request);
    if (!access.sees(stationId))
      throw new DashboardError('UNKNOWN_STATION', `station ${stationId} is not among your stations`);
    if (!access.canAct) throw new DashboardError('FORBIDDEN_ROLE', 'your role may look, not act');
    if (!request.headers['content-type']?.startsWith('application/json'))
      throw new DashboardError('INVALID_REQUEST', 'send the action as JSON');
    return access.operator;
  };
  const orderAt = async (request: FastifyRequest, stationId: string, orderId: string) => {
    const { tenant } = parseInput(OrderTenantQuery, request.query, 'query');
    const order = await d.store.getOrder(tenant, orderId);
    if (order && order.stationId !== stationId)
      throw new DashboardError('UNKNOWN_ORDER', `order ${orderId} is not at ${stationId}`);
    return { tenant, orderId };
  };
  const done = (request: FastifyRequest, action: string, outcome: ActionOutcome) => {
    request.log.info(
      { operator: d.accessOf(request).operator, action, outcome: outcome.kind },
      'dashboard action',
    );
    return answer(outcome);
  };

  scope.post('/api/stations/:stationId/compartments/:no/block', async (request, reply) => {
    const { stationId, no } = parseInput(Compartment, request.params, 'params');
    const by = actor(request, stationId);
    const { reason } = parseInput(Reason, request.body, 'body');
    const a = done(request, 'block', await carryOut(() => d.actions.block(stationId, no, reason, by)));
    return reply.code(a.status).send(a.body);
  });

  scope.post('/api/stations/:stationId/compartments/:no/unblock', async (request, reply) => {
    const { stationId, no } = parseInput(Compartment, request.params, 'params');
    const by = actor(request, stationId);
    const a = done(request, 'unblock', await carryOut(() => d.actions.unblock(stationId, no, by)));
    return reply.code(a.status).send(a.body);
  });

  scope.post('/api/stations/:stationId/compartments/:no/service-open', async (request, reply) => {
    const { stationId, no } = parseInput(Compartment, request.params, 'params');
    const by = actor(request, stationId);
    const { reason } = parseInput(Reason, request.body, 'body');
    const waitMs = d.serviceOpens.take(by);
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new DashboardError(
        'RATE_LIMITED',
        `too many service openings; try again in ${Math.max(1, Math.ceil(waitMs / 60_000))} min`,
      );
    }
    const a = done(
      request,
      'service_open',
      await carryOut(() => d.actions.serviceOpen(stationId, no, by, reason)),
    );
    return reply.code(a.status).send(a.body);
  });

  scope.post('/api/stations/:stationId/orders/:orderId/extend', async (request, reply) => {
    const { stationId, orderId } = parseInput(Order, request.params, 'params');
    const by = actor(request, stationId);
    const { deadline } = parseInput(Extend, request.body, 'body');
    const order = await orderAt(request, stationId, orderId);
    const a = done(request, 'extend', await carryOut(() => d.actions.extend(order, deadline, by)));
    return reply.code(a.status).send(a.body);
  });

  scope.post(
    '/api/stations/:stationId/orders/:orderId/parcels/:parcelId/hold-decision',
    async (request, reply) => {
      const { stationId, orderId, parcelId } = parseInput(Parcel, request.params, 'params');
      const by = actor(request, stationId);
      const { decision, why } = parseInput(HoldDecision, request.body, 'body');
      const order = await orderAt(request, stationId, orderId);
      const a = done(
        request,
        'decide_hold',
        await carryOut(() => d.actions.decideHold(order, parcelId, decision, by, why)),
      );
      return reply.code(a.status).send(a.body);
    },
  );

  scope.post('/api/stations/:stationId/zones/:zone/limits', async (request, reply) => {
    const { stationId, zone } = parseInput(ZoneParams, request.params, 'params');
    const by = actor(request, stationId);
    const limits = parseInput(Limits, request.body, 'body');
    const a = done(
      request,
      'set_thresholds',
      await carryOut(() => d.actions.setThresholds(stationId, zone, limits, by)),
    );
    return reply.code(a.status).send(a.body);
  });

  scope.get('/api/stations/:stationId/audit', async (request) => {
    const { stationId } = parseInput(Station, request.params, 'params');
    if (!d.accessOf(request).sees(stationId))
      throw new DashboardError('UNKNOWN_STATION', `station ${stationId} is not among your stations`);
    const { limit } = parseInput(AuditQuery, request.query, 'query');
    const outcome = await carryOut(() => d.actions.readAudit(stationId, limit));
    if (outcome.kind === 'refused')
      throw new DashboardError('STATION_REFUSED', `The station refused: ${outcome.message}`, outcome.code);
    if (outcome.kind !== 'done')
      throw new DashboardError(
        'STATION_NOT_ANSWERING',
        'the station did not answer; its audit log needs it online',
      );
    const parsed = AuditLogResult.safeParse(outcome.result);
    if (!parsed.success) throw new DashboardError('STATION_NOT_ANSWERING', 'the station sent no audit log');
    return { entries: [...parsed.data.entries].reverse() };
  });
};
