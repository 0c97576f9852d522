export * from './commands.js';
export * from './common.js';
export * from './events.js';
export * from './signing.js';
export * from './status.js';
export * from './telemetry.js';
export * from './topics.js';
export * from './zones.js';
