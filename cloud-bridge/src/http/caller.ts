import { DEFAULT_TENANT } from '@regiobox/contract';
import type { FastifyRequest } from 'fastify';

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

export const NETWORK_CALLER: Caller = { tenant: DEFAULT_TENANT, network: true, sees: () => true };

export const setCaller = (request: FastifyRequest, caller: Caller): void => {
  callers.set(request, caller);
};

/** Set by the API-key check before any handler runs. */
export const callerOf = (request: FastifyRequest): Caller => {
  const caller = callers.get(request);
  if (!caller) throw new Error('no caller: the route was reached without the API-key check');
  return caller;
};
