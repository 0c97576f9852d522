import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULT_TENANT } from '@regiobox/contract';
import type { BridgeConfig } from '../config.js';
import { type ApiKeyConfig, ApiKeys } from '../http/auth.js';
import type { Caller } from '../http/caller.js';
import type { WebhookEndpoint } from '../webhooks/webhook-sink.js';

/** A marketplace on the station network, as the bridge serves it. */
export interface Tenant {
  readonly id: string;
  readonly apiKeys: readonly ApiKeyConfig[];
  readonly webhooks: readonly WebhookEndpoint[];
  /** null: every station */
  readonly stations: ReadonlySet<string> | null;
  /** the network operator's tenant: station-level operations and the whole station in view */
  readonly network: boolean;
}

/**
 * The tenants from the config. The top-level `http.apiKeys` and `webhooks.endpoints` (configs from
 * before tenants) belong to the tenant `default`, which then runs the network and sees every
 * station, as the one tenant there was did; a `default` entry in `tenants` gets them added.
 */
export const tenantsFromConfig = (config: BridgeConfig): Tenant[] => {
  const groups = config.dashboard.stationGroups;
  const tenants: Tenant[] = config.tenants.map((t) => ({
    id: t.id,
    apiKeys: t.apiKeys,
    webhooks: t.webhooks,
    stations:
      t.stations || t.stationGroups
        ? new Set([...(t.stations ?? []), ...(t.stationGroups ?? []).flatMap((g) => groups[g] ?? [])])
        : null,
    network: t.network,
  }));
  const legacy = { apiKeys: config.http.apiKeys, webhooks: config.webhooks.endpoints };
  const i = tenants.findIndex((t) => t.id === DEFAULT_TENANT);
  const existing = tenants[i];
  if (existing) {
    tenants[i] = {
      ...existing,
      apiKeys: [...legacy.apiKeys, ...existing.apiKeys],
      webhooks: [...legacy.webhooks, ...existing.webhooks],
    };
  } else if (legacy.apiKeys.length > 0 || legacy.webhooks.length > 0 || tenants.length === 0) {
    tenants.push({ id: DEFAULT_TENANT, ...legacy, stations: null, network: true });
  }
  return tenants;
};

/** Who an API key is, and which webhook endpoints hear a tenant's events. */
export class TenantDirectory {
  private readonly byId: ReadonlyMap<string, Tenant>;
  private readonly keys: ApiKeys;

  constructor(readonly tenants: readonly Tenant[]) {
    this.byId = new Map(tenants.map((t) => [t.id, t]));
    // each key is registered under `tenant id`, so that `identify` names both
    this.keys = new ApiKeys(
      tenants.flatMap((t) => t.apiKeys.map((k) => ({ ...k, name: JSON.stringify([t.id, k.name]) }))),
    );
  }

  get keyCount(): number {
    return this.tenants.reduce((n, t) => n + t.apiKeys.length, 0);
  }

  /** The caller behind the request's API key, with the key's name for the log; undefined: no valid key. */
  identify(headers: IncomingHttpHeaders): { caller: Caller; keyName: string } | undefined {
    const match = this.keys.identify(headers);
    if (!match) return undefined;
    const [tenantId, keyName] = JSON.parse(match) as [string, string];
    const tenant = this.byId.get(tenantId);
    return tenant ? { caller: callerFor(tenant), keyName } : undefined;
  }

  /** The endpoints that hear events of this tenant; an unknown tenant has none. */
  endpointsOf(tenantId: string): readonly WebhookEndpoint[] {
    return this.byId.get(tenantId)?.webhooks ?? [];
  }

  /** The tenants that use a station (for its station-level events: alarms). */
  tenantsAt(stationId: string): Tenant[] {
    return this.tenants.filter((t) => t.stations === null || t.stations.has(stationId));
  }

  allEndpoints(): WebhookEndpoint[] {
    return this.tenants.flatMap((t) => t.webhooks);
  }
}

export const callerFor = (t: Tenant): Caller => ({
  tenant: t.id,
  network: t.network,
  sees: (stationId) => t.stations === null || t.stations.has(stationId),
});
