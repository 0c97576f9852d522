import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { brokerAuthRoutes } from './broker/http-auth.js';
import { type Clock, systemClock } from './clock.js';
import { CommandCenter } from './commands/command-center.js';
import type { BridgeConfig } from './config.js';
import { dashboardPlugin } from './dashboard/register.js';
import { FleetChanges } from './fleet/changes.js';
import { FleetIngest, type IngestStats } from './fleet/ingest.js';
import { MqttLink } from './fleet/mqtt-link.js';
import type { HttpPlugin } from './http/server.js';
import { instanceId } from './instances/instance-id.js';
import { shareFleetChanges } from './instances/shared-changes.js';
import { PostgresSignals } from './instances/signals.js';
import { createLogger, type Logger } from './logger.js';
import { commandWebhooks } from './marketplace/command-webhooks.js';
import { Reservations } from './marketplace/reservations.js';
import { StationCommands } from './marketplace/station-commands.js';
import { StationDirectory } from './marketplace/stations.js';
import type { StationRegistry } from './registry/index.js';
import { startBroker } from './runtime/broker.js';
import { startHttp } from './runtime/http.js';
import { Maintenance } from './runtime/maintenance.js';
import { openStores } from './runtime/stores.js';
import type { FleetStore } from './store/fleet-store.js';
import type { PgDatabase } from './store/postgres/pg-database.js';
import { TenantDirectory, tenantsFromConfig } from './tenants/tenants.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { WebhookSink } from './webhooks/webhook-sink.js';

/** how often an idle webhook worker looks into an outbox shared with other instances */
const SHARED_OUTBOX_POLL_MS = 2000;

export interface BridgeOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** extra routes on the HTTP server, behind the same API-key check */
  readonly httpPlugins?: readonly HttpPlugin[];
  /** how often expiry and retries of commands are checked; default 1000 ms */
  readonly tickMs?: number;
}

export interface RunningBridge {
  readonly httpUrl: string;
  readonly brokerUrl: string;
  readonly store: FleetStore;
  readonly registry: StationRegistry;
  readonly changes: FleetChanges;
  readonly commands: CommandCenter;
  /**
   * The PostgreSQL database when `database.url` is set: shared with the other bridge instances, with
   * `notify(channel, payload)` / `listen(channel, handler)` between them. Undefined on SQLite.
   */
  readonly postgres: PgDatabase | undefined;
  ingestStats(): IngestStats;
  /** stops everything in reverse order of start; safe to call twice */
  stop(): Promise<void>;
}

/**
 * The composition root: database, registry, broker (embedded unless `broker.url` is set), fleet
 * ingest, command outbox, webhooks and the HTTP API, started in that order and stopped in reverse.
 */
export const startBridge = async (
  config: BridgeConfig,
  options: BridgeOptions = {},
): Promise<RunningBridge> => {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.log.level);
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) {
      try {
        await s();
      } catch (err) {
        logger.error({ err }, 'stop step failed');
      }
    }
  };
  try {
    const stores = await openStores(config, clock, logger);
    stops.push(() => stores.close());
    const { registry, store, commandStore, outbox } = stores;

    const broker = await startBroker(config, registry, logger);
    stops.push(() => broker.close());

    const changes = new FleetChanges((err) => logger.error({ err }, 'fleet change listener failed'));
    // Webhook retries and signature timestamps live in the receiver's wall-clock time, not domain time.
    // API keys and webhook endpoints belong to tenants (the top-level ones to the tenant `default`)
    const tenants = new TenantDirectory(tenantsFromConfig(config));
    const sink = new WebhookSink(outbox, tenants, systemClock);
    const dispatcher = new WebhookDispatcher({
      outbox,
      sink,
      endpoints: tenants.allEndpoints(),
      clock: systemClock,
      logger,
      backoff: { baseMs: config.webhooks.backoffBaseMs, maxMs: config.webhooks.backoffMaxMs },
      maxAttempts: config.webhooks.maxAttempts,
      timeoutMs: config.webhooks.timeoutMs,
      // a shared outbox: rows another instance enqueued and could not deliver (it died) are found
      ...(stores.postgres ? { idlePollMs: SHARED_OUTBOX_POLL_MS } : {}),
    });
    dispatcher.start();
    stops.push(() => dispatcher.stop());

    // Other instances on the same PostgreSQL: replies and fleet changes cross between them.
    const signals = stores.postgres ? new PostgresSignals(stores.postgres) : undefined;
    let link: MqttLink | undefined;
    const commands = new CommandCenter({
      store: commandStore,
      publisher: {
        publishCommand: (stationId, payload) => {
          if (!link) throw new Error('MQTT link not connected yet');
          return link.publishCommand(stationId, payload);
        },
      },
      keys: registry,
      presence: store,
      clock,
      logger,
      retryAfterMs: config.commands.retryAfterSeconds * 1000,
      maxAttempts: config.commands.maxAttempts,
      ...(signals ? { signals } : {}),
    });
    commands.onSettled(commandWebhooks(sink, clock));
    if (signals) {
      await commands.listen();
      const stopSharing = await shareFleetChanges(changes, signals, instanceId(config), logger);
      stops.push(stopSharing);
    }
    const ingest = new FleetIngest({
      store,
      commands,
      events: sink,
      changes,
      clock,
      logger,
      resendStateTtlMs: config.commands.resendStateTtlSeconds * 1000,
    });
    link = await MqttLink.connect(
      {
        url: broker.url,
        ...broker.credentials,
        clientId: config.broker.clientId,
        logger,
        ...(config.broker.caFile ? { ca: fs.readFileSync(config.broker.caFile) } : {}),
        ...(config.broker.sharedGroup ? { sharedGroup: config.broker.sharedGroup } : {}),
      },
      (topic, payload) => ingest.handle(topic, payload),
    );
    const connected = link;
    stops.push(async () => {
      commands.close();
      await ingest.drain();
      await connected.close();
    });

    const maintenance = new Maintenance({
      config,
      clock,
      logger,
      store,
      commands,
      commandStore,
      outbox,
      tickMs: options.tickMs ?? 1000,
    });
    maintenance.start();
    stops.push(() => maintenance.stop());

    const stations = new StationDirectory(registry, store);
    const reservations = new Reservations({
      store,
      commands,
      commandStore,
      stations,
      clock,
      ttlMs: config.commands.reservationTtlSeconds * 1000,
      waitMs: config.commands.replyWaitMs,
    });
    const stationCommands = new StationCommands({
      store,
      commands,
      commandStore,
      reservations,
      stations,
      ttlMs: config.commands.ttlSeconds * 1000,
      serviceOpenTtlMs: config.commands.serviceOpenTtlSeconds * 1000,
      waitMs: config.commands.replyWaitMs,
    });
    const http = await startHttp(
      config,
      {
        store,
        reservations,
        stationCommands,
        stations,
        clock,
        historyBucketSeconds: config.history.bucketSeconds,
        mqttConnected: () => connected.connected(),
      },
      logger,
      [
        dashboardPlugin({ config: config.dashboard, changes }),
        ...(config.broker.authEndpoints
          ? [(app: FastifyInstance) => brokerAuthRoutes(app, registry, logger)]
          : []),
        ...(options.httpPlugins ?? []),
      ],
      tenants,
    );
    stops.push(() => http.close());
    logger.info({ httpUrl: http.url, brokerUrl: broker.url }, 'bridge started');
    return {
      httpUrl: http.url,
      brokerUrl: broker.url,
      store,
      registry,
      changes,
      commands,
      postgres: stores.postgres,
      ingestStats: () => ingest.stats(),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
};
