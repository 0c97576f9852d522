import Database from 'better-sqlite3';
import type { StationConfig } from './config/schema.js';
import {
  type CsvOptions,
  compartmentLimits,
  type HaccpSampleRow,
  parcelCsvLines,
  resolveZoneThresholds,
  sampleCsvLines,
} from './domain/coldchain/index.js';
import { readableOrderKey } from './domain/order-key.js';
import { ColdChainAccountStore } from './store/coldchain/index.js';
import type { Db } from './store/database.js';
import { SampleStore } from './store/samples.js';
import { stationDatabaseFile } from './store/station-records.js';

export type HaccpLayout = 'samples' | 'parcels';

/**
 * The HACCP log of one station and period as CSV lines (see edge/HACCP.md for the columns): one row
 * per temperature sample with its compartment, zone and limits, or one row per parcel's cold-chain
 * record. Each sample carries the limits in force when it was taken; samples stored before the
 * station recorded them show the config's limits.
 */
export function* haccpCsv(
  db: Db,
  config: StationConfig,
  range: { from: Date; to: Date; now: Date },
  layout: HaccpLayout,
  options: CsvOptions = {},
): Generator<string> {
  if (layout === 'parcels') {
    const accounts = new ColdChainAccountStore(db).loadedBetween(range.from, range.to, range.now);
    yield* parcelCsvLines(
      accounts.map((a) => ({
        stationId: config.stationId,
        orderId: readableOrderKey(a.ref.orderId),
        parcelId: a.ref.parcelId,
        record: a.record,
        hold: a.hold,
      })),
      options,
    );
    return;
  }
  const configured = compartmentLimits(resolveZoneThresholds(config.thresholds), config.compartments);
  const samples = new SampleStore(db);
  const rows: HaccpSampleRow[] = [];
  for (const probe of config.probes) {
    const compartment = config.compartments.find((c) => c.probes.includes(probe.id));
    if (!compartment) continue;
    const fallback = configured.get(compartment.no)?.thresholds;
    for (const s of samples.between([probe.id], range.from.toISOString(), range.to.toISOString())) {
      rows.push({
        stationId: config.stationId,
        compartment: compartment.no,
        zone: compartment.zone,
        probeId: s.probeId,
        at: new Date(s.at),
        celsius: s.celsius,
        status: s.status,
        upperLimitCelsius: s.limits ? s.limits.upperCelsius : (fallback?.upperCelsius ?? null),
        lowerLimitCelsius: s.limits ? s.limits.lowerCelsius : (fallback?.lowerCelsius ?? null),
        position: s.position ?? null,
      });
    }
  }
  rows.sort((a, b) => a.at.getTime() - b.at.getTime() || a.probeId.localeCompare(b.probeId));
  // a van's log says where the goods were when each sample was taken
  yield* sampleCsvLines(rows, { ...options, positions: config.kind === 'van' });
}

/** The HACCP log of a stopped (or running) station from its data dir, read-only, as CSV lines. */
export const haccpCsvOfStation = (
  config: StationConfig,
  range: { from: Date; to: Date; now: Date },
  layout: HaccpLayout,
  options: CsvOptions = {},
): string[] => {
  const db = new Database(stationDatabaseFile(config.dataDir), { readonly: true, fileMustExist: true });
  try {
    return [...haccpCsv(db, config, range, layout, options)];
  } finally {
    db.close();
  }
};
