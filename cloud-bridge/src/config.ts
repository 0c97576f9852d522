import fs from 'node:fs';
import { StationId, TenantId } from '@regiobox/contract';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DashboardConfig } from './dashboard/config.js';
import { BridgeError } from './errors.js';

const Port = z.coerce.number().int().min(0).max(65_535);
const Seconds = z.coerce.number().int().min(1);
const Ms = z.coerce.number().int().min(1);

const ApiKey = z
  .object({
    name: z.string().min(1).max(64),
    key: z.string().min(24, 'at least 24 characters').optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters')
      .optional(),
  })
  .strict()
  .refine((k) => (k.key === undefined) !== (k.sha256 === undefined), 'exactly one of key or sha256');

const WebhookEndpoint = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and -'),
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(16, 'at least 16 characters'),
    events: z
      .array(z.string().min(1))
      .min(1)
      .default(['order.*', 'parcel.*', 'codes.issued', 'alarm.*', 'reservation.*', 'command.*']),
  })
  .strict();

/**
 * A marketplace using the station network. Its API keys see and command only its orders and the
 * compartments it may use; its webhook endpoints receive only its orders' events. The top-level
 * `http.apiKeys` and `webhooks.endpoints` are the tenant `default`'s (configs from before tenants).
 */
const TenantConfig = z
  .object({
    id: TenantId,
    apiKeys: z.array(ApiKey).default([]),
    webhooks: z.array(WebhookEndpoint).default([]),
    /** the stations this tenant uses; with stationGroups, the union; neither: every station */
    stations: z.array(StationId).min(1).optional(),
    /** names of dashboard.stationGroups (towns) whose stations this tenant uses */
    stationGroups: z.array(z.string().min(1)).min(1).optional(),
    /**
     * the network operator's tenant: station-level operations over the API (service openings,
     * limits, alarm acknowledgements, HACCP and daily summaries) and every compartment in view.
     * The implicit `default` tenant of the top-level keys has it.
     */
    network: z.boolean().default(false),
  })
  .strict();

const DatabaseConfig = z
  .object({
    /** the SQLite file: the embedded default for one bridge instance */
    file: z.string().min(1).default('./.data/bridge.db'),
    /**
     * `postgres://user:password@host:5432/db`: when set, the fleet state, events, orders, alarms,
     * commands, webhook outbox and station registry live in PostgreSQL instead of `file`, shared by
     * every bridge instance that uses the same URL
     */
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL')
      .optional(),
    /** connections each bridge instance keeps to PostgreSQL */
    poolSize: z.coerce.number().int().min(2).max(200).default(10),
  })
  .strict();
const RegistryConfig = z.object({ masterKeyFile: z.string().min(1).optional() }).strict();

/**
 * Everything the bridge can be configured with. This schema is the documentation: every key has
 * its default here, and a value that does not fit names the key, the value and what was expected.
 */
export const BridgeConfig = z
  .object({
    broker: z
      .object({
        /** an external broker (Mosquitto, EMQX); without it the bridge starts its own */
        url: z.url({ protocol: /^mqtts?$/ }).optional(),
        host: z.string().min(1).default('127.0.0.1'),
        port: Port.default(1883),
        tls: z
          .object({ keyFile: z.string().min(1), certFile: z.string().min(1) })
          .strict()
          .optional(),
        /** PEM of the CA the bridge trusts for an mqtts:// broker */
        caFile: z.string().min(1).optional(),
        /** the bridge's login at an external broker */
        username: z.string().min(1).optional(),
        password: z.string().min(1).optional(),
        clientId: z.string().min(1).max(64).default('regiobox_bridge'),
        /**
         * several bridge instances share the station traffic: each subscribes as
         * `$share/<sharedGroup>/…` over MQTT 5 (Mosquitto 2, EMQX 5); every instance needs its own
         * clientId (and, on Mosquitto with use_username_as_clientid, its own service user)
         */
        /**
         * serve POST /v1/broker/authenticate and /v1/broker/authorize (behind an API key) for an
         * external broker that asks over HTTP who may log in and publish or subscribe where (EMQX 5)
         */
        authEndpoints: z.boolean().default(false),
        sharedGroup: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (no /, + or #)')
          .optional(),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: Port.default(8080),
        apiKeys: z.array(ApiKey).default([]),
        bodyLimitBytes: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),
      })
      .strict()
      .prefault({}),
    database: DatabaseConfig.prefault({}),
    registry: RegistryConfig.prefault({}),
    commands: z
      .object({
        replyWaitMs: Ms.max(60_000).default(5000),
        reservationTtlSeconds: Seconds.default(86_400),
        ttlSeconds: Seconds.default(86_400),
        // the life of signed commands (service_open, decide_hold): a station refuses them once they
        // are older than 30 s, so a longer life would only queue them to be refused
        serviceOpenTtlSeconds: Seconds.max(30).default(30),
        resendStateTtlSeconds: Seconds.default(300),
        retryAfterSeconds: Seconds.default(30),
        maxAttempts: z.coerce.number().int().min(1).max(100).default(5),
        retentionDays: Seconds.default(30),
      })
      .strict()
      .prefault({}),
    webhooks: z
      .object({
        endpoints: z.array(WebhookEndpoint).default([]),
        maxAttempts: z.coerce.number().int().min(1).max(1000).default(30),
        backoffBaseMs: Ms.default(1000),
        backoffMaxMs: Ms.default(900_000),
        timeoutMs: Ms.default(10_000),
        retentionDays: Seconds.default(14),
      })
      .strict()
      .prefault({}),
    history: z
      .object({
        bucketSeconds: z.coerce.number().int().min(10).max(3600).default(300),
        retentionDays: Seconds.default(730),
      })
      .strict()
      .prefault({}),
    /** marketplaces sharing the stations, each with its API keys and webhook endpoints */
    tenants: z.array(TenantConfig).default([]),
    /** the operators' dashboard under /dashboard: operators, sessions, station labels */
    dashboard: DashboardConfig.prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.broker.url && (!c.broker.username || !c.broker.password)) {
      ctx.addIssue({
        code: 'custom',
        path: ['broker', 'username'],
        message: 'an external broker needs username and password',
      });
    }
    checkTenants(c, ctx);
    if (c.broker.sharedGroup && !c.broker.url) {
      ctx.addIssue({
        code: 'custom',
        path: ['broker', 'sharedGroup'],
        message:
          'shared subscriptions need an MQTT 5 broker at broker.url (Mosquitto 2, EMQX 5); the embedded broker (aedes) speaks MQTT 3.1.1 only',
      });
    }
    if (c.webhooks.backoffMaxMs < c.webhooks.backoffBaseMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['webhooks', 'backoffMaxMs'],
        message: 'must not be below backoffBaseMs',
      });
    }
  });

export type BridgeConfig = z.output<typeof BridgeConfig>;
export type TenantConfig = z.output<typeof TenantConfig>;

/** One id per tenant, one owner per API key and per webhook endpoint id, groups that exist. */
const checkTenants = (
  c: {
    tenants: TenantConfig[];
    http: { apiKeys: z.output<typeof ApiKey>[] };
    webhooks: { endpoints: z.output<typeof WebhookEndpoint>[] };
    dashboard: { stationGroups: Record<string, string[]> };
  },
  ctx: z.RefinementCtx,
): void => {
  const tenantIds = new Set<string>();
  const endpointIds = new Set(c.webhooks.endpoints.map((e) => e.id));
  const keyOwners = new Map<string, string>();
  for (const k of c.http.apiKeys) keyOwners.set(k.sha256 ?? k.key ?? '', 'default');
  c.tenants.forEach((t, i) => {
    if (tenantIds.has(t.id))
      ctx.addIssue({ code: 'custom', path: ['tenants', i, 'id'], message: `tenant ${t.id} is listed twice` });
    tenantIds.add(t.id);
    t.webhooks.forEach((e, j) => {
      if (endpointIds.has(e.id))
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'webhooks', j, 'id'],
          message: `webhook endpoint id ${e.id} is used already; ids are unique across tenants`,
        });
      endpointIds.add(e.id);
    });
    t.apiKeys.forEach((k, j) => {
      const owner = keyOwners.get(k.sha256 ?? k.key ?? '');
      if (owner !== undefined && owner !== t.id)
        ctx.addIssue({
          code: 'custom',
          // the path ends in the key's field, so the message hides its value
          path: ['tenants', i, 'apiKeys', j, k.sha256 ? 'sha256' : 'key'],
          message: `this key belongs to tenant ${owner} already; an API key belongs to one tenant`,
        });
      keyOwners.set(k.sha256 ?? k.key ?? '', t.id);
    });
    t.stationGroups?.forEach((g, j) => {
      if (!(g in c.dashboard.stationGroups))
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'stationGroups', j],
          message: `no station group ${g} in dashboard.stationGroups`,
        });
    });
  });
};
export type BridgeConfigInput = z.input<typeof BridgeConfig>;

export const ENV_PREFIX = 'REGIOBOX_BRIDGE__';

/**
 * `REGIOBOX_BRIDGE__HTTP__PORT=9090` sets `http.port`; `__` separates levels, `SNAKE_CASE` becomes
 * `camelCase`, and a value starting with `[` or `{` is JSON (for lists such as webhook endpoints).
 */
export const configFromEnv = (env: NodeJS.ProcessEnv): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const keys = name
      .slice(ENV_PREFIX.length)
      .split('__')
      .map((k) => k.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    let node = out;
    for (const k of keys.slice(0, -1)) {
      const next = node[k];
      const child = isObject(next) ? next : {};
      node[k] = child;
      node = child;
    }
    node[keys[keys.length - 1] ?? ''] = /^\s*[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const merge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? merge(b, v) : v;
  }
  return out;
};

const describe = (value: unknown): string => {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      isObject(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  );

/** Validates raw config; on failure one line per problem: `key = value: expected …`. */
export const parseConfig = (raw: unknown): BridgeConfig => {
  const result = BridgeConfig.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') {
      return i.keys.map(
        (k) =>
          `${[...i.path.map(String), k].join('.')} = ${describe(valueAt(raw, [...i.path, k]))}: not a known setting`,
      );
    }
    const key = i.path.map(String).join('.') || '(root)';
    const secret = /password|secret|key$|^database\.url$/i.test(key);
    const value = secret ? '(hidden)' : describe(valueAt(raw, i.path));
    return `${key} = ${value}: ${i.message}`;
  });
  throw new BridgeError('CONFIG_INVALID', `invalid configuration:\n  ${lines.join('\n  ')}`);
};

/** Defaults, then the file (YAML or JSON), then `REGIOBOX_BRIDGE__*` environment variables. */
export const loadConfig = (file: string | undefined, env: NodeJS.ProcessEnv = process.env): BridgeConfig =>
  parseConfig(configInput(file, env));

/**
 * Only where the station registry lives, from the same file and variables as the bridge: the
 * `stations` commands need no broker password or API key to register a station.
 */
export const loadRegistryLocation = (
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Pick<BridgeConfig, 'database' | 'registry'> => {
  const input = configInput(file, env);
  const location = z
    .object({ database: DatabaseConfig.prefault({}), registry: RegistryConfig.prefault({}) })
    .safeParse({ database: input.database, registry: input.registry });
  // a bad value there is reported the way the bridge reports it
  return location.success ? location.data : parseConfig(input);
};

const configInput = (file: string | undefined, env: NodeJS.ProcessEnv): Record<string, unknown> => {
  let fromFile: unknown = {};
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (cause) {
      throw new BridgeError('CONFIG_INVALID', `cannot read config file ${file}: ${(cause as Error).message}`);
    }
    try {
      fromFile = parseYaml(text) ?? {};
    } catch (cause) {
      throw new BridgeError(
        'CONFIG_INVALID',
        `config file ${file} is not valid YAML/JSON: ${(cause as Error).message}`,
      );
    }
    if (!isObject(fromFile))
      throw new BridgeError('CONFIG_INVALID', `config file ${file} must hold an object`);
  }
  return merge(fromFile as Record<string, unknown>, configFromEnv(env));
};
