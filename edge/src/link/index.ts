export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../domain/backoff.js';
export { DEFAULT_TIMING, type TimingRules } from './command-check.js';
export { type CommandHandler, DEFAULT_RETENTION_MS } from './command-intake.js';
export { LinkError, type LinkErrorCode } from './errors.js';
export { type LinkState, type LinkStateChange, MqttLink } from './mqtt-link.js';
export type { BrokerOptions, CommandOptions, MqttLinkOptions, StateSnapshot } from './options.js';
export { DEFAULT_DRAIN, type DrainOptions } from './outbox-drain.js';
export { DEFAULT_SERVICE_OPEN_LIMIT, type RateLimit } from './rate-limit.js';
export type { LinkSession } from './session.js';
export type { StationStatusInfo } from './status.js';
export {
  TelemetryBatcher,
  type TelemetryBatcherOptions,
  type TelemetryReadings,
} from './telemetry-batcher.js';
export {
  type BrokerProbe,
  type BrokerTarget,
  connectSocket,
  probeTcp,
  type SocketFactory,
} from './transport.js';
