// What other workspaces' tests need to run a real bridge: the harness, a webhook receiver and the
// response schemas. Exported as `@regiobox/cloud-bridge/testing`, from source only (never built).

export { writeMosquittoFiles } from './broker/index.js';
export { OPERATOR, testHash } from './dashboard/testing/dashboard-server.js';
export { AlarmList, CommandOutcome, Order, Problem } from './http/schemas.js';
export { StationRegistry } from './registry/index.js';
export { startTestBridge, type TestBridge } from './test-support/bridge-harness.js';
export {
  type BridgeProcess,
  type BridgeProcessOptions,
  startBridgeProcess,
} from './test-support/bridge-process.js';
export { startMosquitto } from './test-support/mosquitto.js';
export { hasPostgres, type RunningPostgres, startPostgres } from './test-support/postgres.js';
export { readmeCommands, runPrinted, type ShellRun } from './test-support/readme.js';
export { until } from './test-support/until.js';
export { WebhookReceiver } from './test-support/webhook-receiver.js';
