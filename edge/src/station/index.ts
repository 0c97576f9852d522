export type * from './api.js';
export type { StationDeps } from './deps.js';
export { StationService } from './service.js';
