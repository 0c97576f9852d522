export type * from './api.js';
export type { StationDeps } from './deps.js';
export type { ColdChainProvider } from './parcel-moves.js';
export { StationService } from './service.js';
