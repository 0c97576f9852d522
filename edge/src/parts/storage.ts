import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import type { StationConfig } from '../config/schema.js';
import { type Db, openDatabase } from '../store/database.js';
import { openStationKey, StationKeyError } from '../store/station-key.js';
import { stationDatabaseFile } from '../store/station-records.js';
import { StartupError } from './errors.js';
import type { StopStack } from './stop-stack.js';

/** The data directory, the SQLite file and the station key; the file is closed last at stop. */
export const openStorage = (
  config: StationConfig,
  logger: Logger,
  stops: StopStack,
): { db: Db; stationKey: Uint8Array } => {
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new StartupError('DATA_DIR_UNUSABLE', `dataDir ${config.dataDir} cannot be created`, { cause });
  }
  let db: Db;
  try {
    db = openDatabase(stationDatabaseFile(config.dataDir));
  } catch (cause) {
    throw new StartupError('DATA_DIR_UNUSABLE', `dataDir ${config.dataDir}: the database cannot be opened`, {
      cause,
    });
  }
  stops.push('database', () => db.close());
  // The station's own connection never waits on itself; only an outside writer (a sqlite3 shell, a
  // backup tool) can hold the lock, and waiting seconds for it would freeze the event loop: fail fast,
  // report a storage fault, and try again on the next write.
  db.pragma('busy_timeout = 250');
  try {
    const stationKey = openStationKey(config.dataDir, db, (why) => logger.warn({ file: 'station.key' }, why));
    return { db, stationKey };
  } catch (cause) {
    if (cause instanceof StationKeyError) throw new StartupError(cause.code, cause.message, { cause });
    throw cause;
  }
};
