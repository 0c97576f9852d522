export type { AckAlarm, AckOutcome } from './api-routes.js';
export { DashboardConfig, type DashboardConfigInput, OperatorCredential } from './config.js';
export { isDashboardPath } from './guard.js';
export type { FleetChangeSource } from './live-feed.js';
export { hashOperatorPassword } from './operators.js';
export { ackOutcome, type DashboardOptions, dashboardPlugin, registerDashboard } from './register.js';
