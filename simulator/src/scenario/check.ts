import type { StationRecords } from '@regiobox/edge';
import type { Alarm, StoredEvent } from '../actors/marketplace-api.js';
import type { Webhook } from '../actors/webhook-inbox.js';
import type { SiteCompartment } from '../station/site.js';
import type { Journal } from '../world/journal.js';
import type { StationTruth } from '../world/recorder.js';

/** One checked statement, printed as ✓/✗ with what was found. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** the violations, one per line */
  readonly problems: readonly string[];
}

/** Everything known at the end of a run about one station. */
export interface StationEvidence {
  readonly stationId: string;
  readonly compartments: readonly SiteCompartment[];
  readonly records: StationRecords;
  readonly events: readonly StoredEvent[];
  readonly truth: StationTruth;
}

export interface Evidence {
  readonly stations: readonly StationEvidence[];
  readonly alarms: readonly Alarm[];
  readonly webhooks: readonly Webhook[];
  readonly webhookDuplicates: number;
  readonly journal: Journal;
  /** simulated ms by which the station's view of time may lag the truth (sampling, ticks, recording) */
  readonly slackMs: number;
  readonly endMs: number;
}

export const check = (name: string, problems: readonly string[], detail: string): Check => ({
  name,
  ok: problems.length === 0,
  detail,
  problems,
});

export const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
