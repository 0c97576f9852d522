import type { Zone } from '@regiobox/contract';
import type { AlarmKindName, AlarmSeverityName } from './types.js';

/**
 * critical: goods or security are at risk now and someone should go to the station.
 * warning: something needs a look within the day. info: for the record.
 * Where the zone matters, a cooled zone (chilled, cold, frozen) is stricter than ambient.
 */
const BY_KIND: Readonly<Record<AlarmKindName, { cooled: AlarmSeverityName; ambient: AlarmSeverityName }>> = {
  // goods spoil; ambient goods (bread, vegetables) only lose quality
  temperature_high: { cooled: 'critical', ambient: 'warning' },
  // freezing harms quality of chilled goods, rarely their safety
  temperature_low: { cooled: 'warning', ambient: 'warning' },
  door_left_open: { cooled: 'warning', ambient: 'warning' },
  door_forced: { cooled: 'critical', ambient: 'critical' },
  // without a probe the station is blind to the cold chain it has to prove
  probe_missing: { cooled: 'critical', ambient: 'warning' },
  // readings still arrive, they are only doubtful
  probe_stuck: { cooled: 'warning', ambient: 'warning' },
  probe_implausible: { cooled: 'warning', ambient: 'warning' },
  // no door opens for a customer, no door or probe is watched
  board_unreachable: { cooled: 'critical', ambient: 'critical' },
  wrong_codes: { cooled: 'warning', ambient: 'warning' },
  // raised `critical` by assessPowerGap when the cold chain may have been broken
  power_restored: { cooled: 'info', ambient: 'info' },
  storage_fault: { cooled: 'critical', ambient: 'critical' },
  clock_unsynced: { cooled: 'info', ambient: 'info' },
  cold_chain_breach: { cooled: 'critical', ambient: 'critical' },
  occupancy_mismatch: { cooled: 'warning', ambient: 'warning' },
  // commands still get through, slower and with retries; someone should check cable and connectors
  serial_line_noisy: { cooled: 'warning', ambient: 'warning' },
};

/** The documented severity of an alarm kind; `zone` null means station-wide (treated as cooled). */
export const alarmSeverity = (kind: AlarmKindName, zone: Zone | null = null): AlarmSeverityName =>
  zone === 'ambient' ? BY_KIND[kind].ambient : BY_KIND[kind].cooled;
