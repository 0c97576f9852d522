import type { FastifyRequest } from 'fastify';
import { problem } from './problem.js';

/**
 * Who sent an API request: the tenant its API key belongs to. A tenant sees and commands only its
 * own orders and the compartments it may use; `network` tenants (the network operator) also run the
 * station-level operations and see every compartment.
 */
export interface Caller {
  readonly tenant: string;
  readonly network: boolean;
  /** the stations this tenant uses */
  sees(stationId: string): boolean;
}

const callers = new WeakMap<FastifyRequest, Caller>();

export const setCaller = (request: FastifyRequest, caller: Caller): void => {
  callers.set(request, caller);
};

/** Set by the API-key check before any handler runs. */
export const callerOf = (request: FastifyRequest): Caller => {
  const caller = callers.get(request);
  if (!caller) throw new Error('no caller: the route was reached without the API-key check');
  return caller;
};

/** What of a station the caller sees: the network its whole, a tenant its compartments. */
export const viewOf = (caller: Caller): { tenant: string } | undefined =>
  caller.network ? undefined : { tenant: caller.tenant };

/**
 * Station-level operations (service openings, limits, alarm acknowledgements, daily summaries) are
 * the network operator's. A tenant is told so (403); a station it does not use stays unknown (404).
 */
export const networkOnly = (request: FastifyRequest, stationId?: string): void => {
  const caller = callerOf(request);
  if (stationId !== undefined && !caller.sees(stationId))
    throw problem(404, 'UNKNOWN_STATION', `station ${stationId} is not known`);
  if (!caller.network)
    throw problem(
      403,
      'NETWORK_OPERATOR_ONLY',
      `tenant ${caller.tenant} may not do this: it is the station network operator's`,
    );
};
