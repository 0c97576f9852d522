import { Size, StationId, Zone, ZoneThresholdsOverride } from '@regiobox/contract';
import { z } from 'zod';
import { requestSchemas, responseSchemas } from './schemas.js';

/** `set_thresholds` through the API: one zone's limits, any subset; `null` switches a limit off. */
export const ThresholdsRequest = z
  .object({
    zone: Zone,
    limits: ZoneThresholdsOverride.refine((l) => Object.keys(l).length > 0, 'name at least one limit'),
    by: z.string().trim().min(1).max(120).describe("who changes them; recorded in the station's audit log"),
  })
  .register(requestSchemas, { id: 'ThresholdsRequest' });

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD');

export const DailySummaryQuery = z.object({
  from: Day.describe('first day (inclusive, UTC)'),
  to: Day.describe('last day (inclusive, UTC)'),
  stationId: z.string().max(4000).optional().describe('comma-separated station ids; absent: every station'),
});

export const DailySummary = z.object({
  stationId: StationId,
  day: Day,
  pickups: z.number().int(),
  loads: z.number().int(),
  expiries: z.number().int().nullable().describe('null: the station did not report it (older software)'),
  alarms: z.number().int(),
  excursions: z.number().int().nullable().describe('temperature_high and temperature_low alarms raised'),
  uptimeMinutes: z.number().int().nullable().describe('minutes the station sampled its probes that day'),
  compartmentUse: z.array(
    z.object({
      zone: Zone,
      size: Size,
      compartments: z.number().int(),
      loads: z.number().int(),
      pickups: z.number().int(),
    }),
  ),
});

export const DailySummaryList = z
  .object({
    from: Day,
    to: Day,
    summaries: z.array(DailySummary).describe('by day, then station'),
  })
  .register(responseSchemas, { id: 'DailySummaryList' });
