import { randomUUID } from 'node:crypto';
import type {
  CompartmentSnapshot,
  EventMessage,
  StateMessage,
  StatusMessage,
  TelemetryMessage,
} from '@regiobox/contract';

/**
 * What a typical station of the simulated fleet publishes: a 12-door wall with six probes (the
 * layout of edge/examples/mixed-wall-12.yaml), valid against the MQTT contract.
 */
export const FLEET_COMPARTMENTS = 12;
const PROBES = ['chill-a', 'chill-b', 'cold-a', 'freeze-11', 'freeze-12', 'hall-air'] as const;
const ZONES = [
  'ambient',
  'ambient',
  'ambient',
  'ambient',
  'chilled',
  'chilled',
  'chilled',
  'cold',
  'cold',
  'chilled',
  'frozen',
  'frozen',
] as const;

export const fleetStationId = (i: number): string => `fleet-${String(i).padStart(5, '0')}`;

const now = () => new Date().toISOString();

export const fleetStatus = (
  stationId: string,
  state: 'online' | 'offline',
  session: number,
): StatusMessage => ({
  v: 1,
  stationId,
  state,
  session,
  sessionId: `${stationId}-${session}`,
  at: now(),
  ...(state === 'online'
    ? {
        capabilities: {
          compartments: FLEET_COMPARTMENTS,
          zones: ['ambient', 'chilled', 'cold', 'frozen'],
          occupancySensors: true,
          driver: 'serial-board',
        },
        health: { board: 'ok', storage: 'ok', clock: 'synced', probesFaulty: [] },
      }
    : {}),
});

export const fleetState = (stationId: string, lastSeq: number): StateMessage => ({
  v: 1,
  stationId,
  at: now(),
  lastSeq,
  compartments: ZONES.map(
    (zone, i): CompartmentSnapshot => ({
      no: i + 1,
      zone,
      size: (['S', 'M', 'L'] as const)[i % 3] ?? 'M',
      state: 'free',
      doorOpen: false,
      occupied: false,
      celsius: zone === 'frozen' ? -20 : zone === 'ambient' ? null : 4,
      orderId: null,
      blockedReason: null,
    }),
  ),
  openAlarms: [],
});

export const fleetTelemetry = (stationId: string, random: () => number): TelemetryMessage => {
  const at = now();
  return {
    v: 1,
    stationId,
    batchId: randomUUID(),
    at,
    samples: PROBES.map((probeId, i) => ({
      probeId,
      compartment: i < 5 ? ([5, 7, 8, 11, 12][i] ?? null) : null,
      at,
      celsius: Math.round((probeId.startsWith('freeze') ? -20 : 4 + random()) * 10) / 10,
      status: 'ok' as const,
    })),
    doors: ZONES.map((_, i) => ({ compartment: i + 1, open: false })),
  };
};

export const fleetEvent = (stationId: string, seq: number): EventMessage => {
  const compartment = ((seq >> 1) % FLEET_COMPARTMENTS) + 1;
  return {
    v: 1,
    id: randomUUID(),
    stationId,
    seq,
    at: now(),
    event: { type: 'compartment.door', compartment, open: seq % 2 === 1 },
  };
};
