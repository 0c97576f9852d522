// The public API of @regiobox/cloud-bridge.
export { type BridgeOptions, type RunningBridge, startBridge } from './bridge.js';
export { type MosquittoFiles, writeMosquittoFiles } from './broker/index.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export type { CommandCenter, SettledCommand } from './commands/command-center.js';
export type { CommandRecord, CommandState } from './commands/command-store.js';
export { BridgeConfig, type BridgeConfigInput, configFromEnv, loadConfig, parseConfig } from './config.js';
export { DashboardConfig, type DashboardConfigInput, hashOperatorPassword } from './dashboard/index.js';
export { BridgeError, type BridgeErrorCode } from './errors.js';
export type { FleetChange, FleetChangeListener, FleetChanges } from './fleet/changes.js';
export type { IngestStats } from './fleet/ingest.js';
export { API, type RouteSpec } from './http/api-spec.js';
export type { ApiContext } from './http/context.js';
export { openApiDocument, openApiYaml } from './http/openapi.js';
export type { HttpPlugin } from './http/server.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
export { HACCP_COLUMNS } from './marketplace/haccp-csv.js';
export { StationRegistry } from './registry/index.js';
export { type Db, openBridgeDatabase } from './store/database.js';
export type * from './store/fleet-store.js';
export { SqliteFleetStore, type SqliteFleetStoreOptions } from './store/sqlite/sqlite-fleet-store.js';
export {
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from './webhooks/signature.js';
export type { WebhookEvent } from './webhooks/webhook-events.js';
