import { exampleCode } from './codes.js';
import type { CommandMessage, ReplyMessage } from './commands.js';
import type { EventMessage } from './events.js';
import { signCommand } from './signing.js';
import type { StateMessage, StatusMessage } from './status.js';
import type { TelemetryMessage } from './telemetry.js';

/**
 * One example of every message, for the AsyncAPI document and for integrators' tests. A test parses
 * each with its schema, so an example can never drift from the contract.
 */
const stationId = 'dorfladen-1';

/** The codes of the example order, of the lengths a station issues by default (codes.ts). */
const codes = {
  pickupPin: exampleCode('pickupPin', 4829),
  qrToken: exampleCode('qrToken', 9301),
  loadingCode: exampleCode('loadingCode', 6041),
} as const;

export const statusExamples: Record<string, StatusMessage> = {
  online: {
    v: 1,
    stationId,
    state: 'online',
    session: 42,
    sessionId: '6f1c2a0e-8d9b-4c55-9a7e-0d3b1f2e4a61',
    at: '2026-05-04T06:00:01.120Z',
    lastSeq: 1812,
    kind: 'locker',
    capabilities: {
      compartments: 12,
      zones: ['ambient', 'chilled', 'frozen'],
      occupancySensors: true,
      driver: 'board-serial',
      firmware: '1.4.0',
    },
    health: {
      board: 'ok',
      storage: 'ok',
      clock: 'synced',
      probesFaulty: [],
      serialLine: { framesReceived: 48210, framesDamaged: 2, garbageBytes: 31, crcErrors: 1, timeouts: 3 },
    },
  },
  offline: {
    v: 1,
    stationId,
    state: 'offline',
    session: 42,
    sessionId: '6f1c2a0e-8d9b-4c55-9a7e-0d3b1f2e4a61',
    at: '2026-05-04T06:00:01.118Z',
  },
};

export const stateExample: StateMessage = {
  v: 1,
  stationId,
  at: '2026-05-04T06:00:01.130Z',
  lastSeq: 1812,
  compartments: [
    {
      no: 1,
      zone: 'chilled',
      size: 'M',
      state: 'loaded',
      doorOpen: false,
      occupied: true,
      celsius: 4.2,
      orderId: 'order-7781',
      blockedReason: null,
    },
    {
      no: 2,
      zone: 'frozen',
      size: 'L',
      state: 'blocked',
      doorOpen: false,
      occupied: false,
      celsius: -19.5,
      orderId: null,
      blockedReason: 'door seal damaged',
    },
  ],
  openAlarms: [
    { alarmId: 'al-311', kind: 'door_left_open', compartment: 5, raisedAt: '2026-05-04T05:58:40.000Z' },
  ],
};

export const telemetryExample: TelemetryMessage = {
  v: 1,
  stationId,
  batchId: 'b1f0e2c4-55aa-4d7e-8f09-3c2b1a0d9e8f',
  at: '2026-05-04T06:05:00.000Z',
  samples: [
    { probeId: 'probe-1', compartment: 1, at: '2026-05-04T06:04:00.000Z', celsius: 4.3, status: 'ok' },
    { probeId: 'probe-2', compartment: 2, at: '2026-05-04T06:04:00.000Z', celsius: null, status: 'missing' },
  ],
  doors: [
    { compartment: 1, open: false },
    { compartment: 2, open: null },
  ],
  serialLine: { framesReceived: 152, framesDamaged: 0, garbageBytes: 0, crcErrors: 0, timeouts: 0 },
};

const event = (seq: number, at: string, body: EventMessage['event']): EventMessage => ({
  v: 1,
  id: `0b7e${seq.toString().padStart(4, '0')}-2f1d-4c3a-9e8b-7a6c5d4e3f21`,
  stationId,
  seq,
  at,
  event: body,
});

export const eventExamples: Record<string, EventMessage> = {
  reserved: event(1813, '2026-05-04T07:00:00.000Z', {
    type: 'order.reserved',
    orderId: 'order-7790',
    parcels: [
      {
        parcelId: 'parcel-1',
        compartment: 3,
        zone: 'chilled',
        size: 'M',
        deadline: '2026-05-06T18:00:00.000Z',
      },
    ],
  }),
  codesIssued: event(1814, '2026-05-04T07:00:00.000Z', {
    type: 'codes.issued',
    orderId: 'order-7790',
    pickupPin: codes.pickupPin,
    qrToken: codes.qrToken,
    loadingCodes: [{ parcelId: 'parcel-1', code: codes.loadingCode }],
    retrievalCodes: [],
    validUntil: '2026-05-06T18:00:00.000Z',
  }),
  unlocked: event(1815, '2026-05-04T09:12:03.250Z', {
    type: 'compartment.unlocked',
    compartment: 3,
    reason: 'loading',
    orderId: 'order-7790',
    by: null,
    outcome: 'confirmed',
  }),
  pickedUp: event(1820, '2026-05-05T17:31:10.000Z', {
    type: 'parcel.picked_up',
    orderId: 'order-7790',
    parcelId: 'parcel-1',
    compartment: 3,
    coldChain: {
      compartment: 3,
      zone: 'chilled',
      from: '2026-05-04T09:12:40.000Z',
      to: '2026-05-05T17:31:10.000Z',
      samples: 1979,
      minCelsius: 3.1,
      maxCelsius: 6.4,
      minutesAboveLimit: 0,
      limitCelsius: 7,
      breached: false,
    },
  }),
  alarmRaised: event(1821, '2026-05-05T18:02:00.000Z', {
    type: 'alarm.raised',
    alarmId: 'al-312',
    kind: 'temperature_high',
    severity: 'critical',
    compartment: 4,
    probeId: 'probe-4',
    detail: 'chilled compartment at 9.8 °C for 12 min (limit 7 °C)',
  }),
};

/** A command key for examples only (32 bytes 0x00…0x1f); real keys come from the station's key file. */
export const EXAMPLE_COMMAND_KEY = Buffer.from(
  '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  'hex',
);

const command = (id: string, body: CommandMessage['command'], signed = false): CommandMessage => {
  const unsigned = {
    v: 1 as const,
    id,
    stationId,
    issuedAt: '2026-05-04T07:00:00.000Z',
    expiresAt: '2026-05-04T07:05:00.000Z',
    command: body,
  };
  return signed ? { ...unsigned, sig: signCommand(unsigned, EXAMPLE_COMMAND_KEY) } : unsigned;
};

export const commandExamples: Record<string, CommandMessage> = {
  reserve: command('cmd-7790-reserve', {
    type: 'reserve',
    orderId: 'order-7790',
    parcels: [
      {
        parcelId: 'parcel-1',
        producer: 'Hof Sonnenwiese',
        zone: 'chilled',
        size: 'M',
        deadline: '2026-05-06T18:00:00.000Z',
      },
    ],
  }),
  serviceOpen: command(
    'cmd-svc-000184',
    { type: 'service_open', compartment: 5, operator: 'op-anna', reason: 'door jammed, customer waiting' },
    true,
  ),
  block: command('cmd-blk-000022', {
    type: 'block',
    compartment: 2,
    reason: 'door seal damaged',
    by: 'op-anna',
  }),
  resendState: command('cmd-rs-0000917', { type: 'resend_state' }),
  readAudit: command('cmd-audit-00031', { type: 'read_audit', limit: 20, compartment: 2 }),
  replayEvents: command('cmd-replay-0068', { type: 'replay_events', fromSeq: 69, toSeq: 88 }),
};

export const replyExamples: Record<string, ReplyMessage> = {
  reserved: {
    v: 1,
    commandId: 'cmd-7790-reserve',
    stationId,
    at: '2026-05-04T07:00:00.210Z',
    ok: true,
    result: {
      orderId: 'order-7790',
      pickupPin: codes.pickupPin,
      qrToken: codes.qrToken,
      parcels: [
        {
          parcelId: 'parcel-1',
          compartment: 3,
          zone: 'chilled',
          size: 'M',
          loadingCode: codes.loadingCode,
          deadline: '2026-05-06T18:00:00.000Z',
        },
      ],
    },
  },
  auditLog: {
    v: 1,
    commandId: 'cmd-audit-00031',
    stationId,
    at: '2026-05-04T07:02:00.030Z',
    ok: true,
    result: {
      entries: [
        {
          id: 4411,
          at: '2026-05-04T06:58:12.000Z',
          action: 'blocked',
          compartmentNo: 2,
          reason: 'door seal damaged',
          orderId: null,
          parcelId: null,
          by: 'op-anna',
          detail: null,
        },
      ],
    },
  },
  malformed: {
    v: 1,
    commandId: 'cmd-blk-000023',
    stationId,
    at: '2026-05-04T07:01:00.040Z',
    ok: false,
    error: {
      code: 'MALFORMED',
      message: 'command.compartment: Invalid input: expected number, received string',
      details: [
        { path: ['command', 'compartment'], message: 'Invalid input: expected number, received string' },
      ],
    },
  },
  expired: {
    v: 1,
    commandId: 'cmd-svc-000185',
    stationId,
    at: '2026-05-04T07:20:00.000Z',
    ok: false,
    error: {
      code: 'EXPIRED',
      message: 'command expired at 2026-05-04T07:05:00.000Z; station time is 2026-05-04T07:20:00.000Z',
    },
  },
};
