import { randomUUID } from 'node:crypto';
import type {
  CompartmentSnapshot,
  EventBody,
  EventMessage,
  StateMessage,
  StatusMessage,
  TelemetryMessage,
} from '@regiobox/contract';

/** Builders for contract-valid station messages, as a station would publish them. */
export const statusMessage = (
  stationId: string,
  state: 'online' | 'offline',
  session: number,
  at = '2026-01-01T08:00:00.000Z',
): StatusMessage => ({
  v: 1,
  stationId,
  state,
  session,
  sessionId: `s-${session}`,
  at,
  ...(state === 'online'
    ? {
        capabilities: {
          compartments: 4,
          zones: ['chilled', 'ambient'],
          occupancySensors: false,
          driver: 'sim',
        },
        health: { board: 'ok', storage: 'ok', clock: 'synced', probesFaulty: [] },
      }
    : {}),
});

export const compartment = (no: number, over: Partial<CompartmentSnapshot> = {}): CompartmentSnapshot => ({
  no,
  zone: 'chilled',
  size: 'M',
  state: 'free',
  doorOpen: false,
  occupied: null,
  celsius: 5,
  orderId: null,
  blockedReason: null,
  ...over,
});

export const stateMessage = (
  stationId: string,
  compartments: CompartmentSnapshot[],
  lastSeq = 0,
  openAlarms: StateMessage['openAlarms'] = [],
  at = '2026-01-01T08:00:00.000Z',
): StateMessage => ({ v: 1, stationId, at, lastSeq, compartments, openAlarms });

export const eventMessage = (
  stationId: string,
  seq: number,
  event: EventBody,
  at = new Date(Date.parse('2026-01-01T08:00:00.000Z') + seq * 1000).toISOString(),
): EventMessage => ({ v: 1, id: randomUUID(), stationId, seq, at, event });

export const telemetryMessage = (
  stationId: string,
  samples: { probeId: string; compartment: number | null; at: string; celsius: number | null }[],
  doors: TelemetryMessage['doors'] = [],
): TelemetryMessage => ({
  v: 1,
  stationId,
  batchId: randomUUID(),
  at: samples[samples.length - 1]?.at ?? '2026-01-01T08:00:00.000Z',
  samples: samples.map((s) => ({ ...s, status: s.celsius === null ? 'missing' : 'ok' })),
  doors,
});
