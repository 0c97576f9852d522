export { ENV_OVERRIDES, type EnvOverride } from './env.js';
export { ConfigError } from './errors.js';
export { loadConfig, parseConfig } from './load.js';
export {
  type CodesConfig,
  CompartmentConfig,
  type DeadlinesConfig,
  type LockoutConfig,
  StationConfig,
  type StationConfigInput,
} from './schema.js';
export { secretFileProblems } from './secret-files.js';
