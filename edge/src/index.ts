export * from './config/index.js';
export { hashStaffPassword } from './counter/staff-password.js';
export { systemClock } from './domain/clock.js';
export { haccpCsvOfStation } from './haccp-export.js';
// the daily summary's job body, so that a test of station and bridge together need not wait for midnight
export { emitDailySummaries, type StationJobsDeps } from './jobs/station-jobs.js';
export type * from './station/api.js';
export { StartupError, type Station, type StationOverrides, startStation } from './station.js';
export {
  readStationRecords,
  type StationParcel,
  type StationRecords,
  type StationUnlock,
} from './store/station-records.js';
export { type PositionSource, SteeredPosition } from './van/position.js';
