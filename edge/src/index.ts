export * from './config/index.js';
export type * from './station/api.js';
export { StartupError, type Station, type StationOverrides, startStation } from './station.js';
export {
  readStationRecords,
  type StationParcel,
  type StationRecords,
  type StationUnlock,
} from './store/station-records.js';
