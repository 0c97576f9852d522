import { z } from 'zod';
import {
  CompartmentNo,
  CompartmentStateName,
  IsoTime,
  Size,
  StationId,
  StationKind,
  Zone,
} from './common.js';

export const HealthPart = z.enum(['ok', 'degraded', 'unreachable', 'fault']);

/**
 * What the serial line to the lock board carried: intact frames, and what was thrown away (noise,
 * damaged frames: each one a resynchronisation at the next frame delimiter).
 */
export const SerialLineCounters = z.object({
  framesReceived: z.number().int().min(0),
  framesDamaged: z.number().int().min(0),
  garbageBytes: z.number().int().min(0),
  crcErrors: z.number().int().min(0),
  /** requests the board did not answer in time, retries included */
  timeouts: z.number().int().min(0),
});
export type SerialLineCounters = z.infer<typeof SerialLineCounters>;

export const StationHealth = z.object({
  /** `degraded`: reachable, but the serial line is noisy (the `serial_line_noisy` alarm is raised) */
  board: HealthPart,
  storage: HealthPart,
  clock: z.enum(['synced', 'unsynced']),
  /** probes that are missing or faulty, by id */
  probesFaulty: z.array(z.string()).default([]),
  /** serial-board stations: the line's counters since the station started, at the time of the birth */
  serialLine: SerialLineCounters.optional(),
});
export type StationHealth = z.infer<typeof StationHealth>;

export const StationCapabilities = z.object({
  compartments: z.number().int().min(0),
  zones: z.array(Zone),
  occupancySensors: z.boolean(),
  firmware: z.string().optional(),
  driver: z.string(),
});
export type StationCapabilities = z.infer<typeof StationCapabilities>;

/** The limits one compartment is judged and recorded by now (zone, config and `set_thresholds` merged). */
export const CompartmentLimits = z.object({
  compartment: CompartmentNo,
  zone: Zone,
  /** °C; null: no upper limit */
  upperCelsius: z.number().nullable(),
  /** °C; null: no lower limit */
  lowerCelsius: z.number().nullable(),
  delaySeconds: z.number().int().min(0),
  hysteresisCelsius: z.number().min(0),
  budgetMinutes: z.number().min(0).nullable(),
  thawLimitCelsius: z.number().nullable(),
});
export type CompartmentLimits = z.infer<typeof CompartmentLimits>;

/**
 * Retained status. `session` increases with every connection of the station; a receiver keeps the
 * status with the highest session, so a late will of an old session never overrides a newer birth.
 */
export const StatusMessage = z.object({
  v: z.literal(1),
  stationId: StationId,
  state: z.enum(['online', 'offline']),
  session: z.number().int().min(0),
  sessionId: z.string().min(1).max(64),
  at: IsoTime,
  lastSeq: z.number().int().min(0).optional(),
  /** in the birth: what kind of pick-up point this is; absent (stations before the field): `locker` */
  kind: StationKind.optional(),
  capabilities: StationCapabilities.optional(),
  health: StationHealth.optional(),
  /** per compartment, the temperature limits in force; republished when `set_thresholds` changes them */
  limits: z.array(CompartmentLimits).optional(),
});
export type StatusMessage = z.infer<typeof StatusMessage>;

export const CompartmentSnapshot = z.object({
  no: CompartmentNo,
  zone: Zone,
  size: Size,
  state: CompartmentStateName,
  doorOpen: z.boolean().nullable(),
  occupied: z.boolean().nullable(),
  celsius: z.number().nullable(),
  orderId: z.string().nullable(),
  /** the tenant of `orderId` (absent from older stations: `default`) */
  tenant: z.string().nullable().optional(),
  blockedReason: z.string().nullable(),
  /**
   * The tenants that may reserve this compartment (the station's `tenants.compartments` config);
   * absent or null: every tenant (the shared pool).
   */
  tenants: z.array(z.string()).nullable().optional(),
});

/** Retained full state, republished on every connect and on the resend_state command. */
export const StateMessage = z.object({
  v: z.literal(1),
  stationId: StationId,
  at: IsoTime,
  lastSeq: z.number().int().min(0),
  compartments: z.array(CompartmentSnapshot),
  openAlarms: z.array(
    z.object({
      alarmId: z.string(),
      kind: z.string(),
      compartment: CompartmentNo.nullable(),
      raisedAt: IsoTime,
    }),
  ),
});
export type StateMessage = z.infer<typeof StateMessage>;
export type CompartmentSnapshot = z.infer<typeof CompartmentSnapshot>;
