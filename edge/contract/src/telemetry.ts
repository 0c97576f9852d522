import { z } from 'zod';
import { CompartmentNo, IsoTime, StationId } from './common.js';
import { SerialLineCounters } from './status.js';

export const ProbeStatus = z.enum(['ok', 'missing', 'fault']);

export const TelemetryMessage = z.object({
  v: z.literal(1),
  stationId: StationId,
  /** unique per batch, so that a receiver drops a batch delivered twice */
  batchId: z.string().min(1).max(64),
  at: IsoTime,
  samples: z
    .array(
      z.object({
        probeId: z.string().min(1).max(64),
        compartment: CompartmentNo.nullable(),
        at: IsoTime,
        celsius: z.number().nullable(),
        status: ProbeStatus,
      }),
    )
    .max(2000),
  doors: z.array(z.object({ compartment: CompartmentNo, open: z.boolean().nullable() })).max(999),
  /** serial-board stations: what the line carried since the previous batch, for trends of its quality */
  serialLine: SerialLineCounters.optional(),
});
export type TelemetryMessage = z.infer<typeof TelemetryMessage>;
