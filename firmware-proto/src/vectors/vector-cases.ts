import { cobsEncode } from '../cobs.js';
import { crc16 } from '../crc16.js';
import { encodeFrame } from '../frame.js';
import type { FrameErrorCode } from '../frame-errors.js';
import type { Frame, Message } from '../messages.js';
import { NACK_CODES, type NackCode } from '../protocol.js';
import { flattenFrame, type TestVector } from './vector-file.js';

/** Every case of test-vectors.json. Valid cases are encoded by the codec; invalid ones are built by hand. */
export function buildTestVectors(): TestVector[] {
  return [...validCases().map(validVector), ...invalidCases()];
}

function validVector([name, frame]: [string, Frame]): TestVector {
  return { name, hex: encodeFrame(frame).toString('hex'), valid: true, message: flattenFrame(frame) };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function validCases(): [string, Frame][] {
  const f = (seq: number, message: Message): Frame => ({ seq, message });
  const nacks = (Object.keys(NACK_CODES) as NackCode[]).map((code): [string, Frame] => [
    `NACK ${code}`,
    f(300, { type: 'NACK', code, retryAfterMs: code === 'COOLDOWN' ? 1234 : 0 }),
  ]);
  return [
    ['HELLO', f(1, { type: 'HELLO' })],
    ['PING with the highest sequence number', f(65535, { type: 'PING' })],
    ['PONG', f(2, { type: 'PONG' })],
    [
      'UNLOCK channel 0, shortest pulse, commandId 0',
      f(3, { type: 'UNLOCK', channel: 0, pulseMs: 1, commandId: 0 }),
    ],
    [
      'UNLOCK channel 7, 500 ms',
      f(0x1234, { type: 'UNLOCK', channel: 7, pulseMs: 500, commandId: 0xa1b2c3d4 }),
    ],
    ['UNLOCK channel 63 (largest board)', f(4, { type: 'UNLOCK', channel: 63, pulseMs: 2000, commandId: 1 })],
    [
      'UNLOCK wire maxima: channel 255, pulse 65535, commandId 0xFFFFFFFF',
      f(5, { type: 'UNLOCK', channel: 255, pulseMs: 65535, commandId: 0xffffffff }),
    ],
    ['RELEASE_ALL', f(6, { type: 'RELEASE_ALL' })],
    ['READ_STATES', f(7, { type: 'READ_STATES' })],
    ['READ_TEMPS', f(8, { type: 'READ_TEMPS' })],
    ['ACK', f(0x1234, { type: 'ACK' })],
    ...nacks,
    ['NACK COOLDOWN, longest retry-after', f(9, { type: 'NACK', code: 'COOLDOWN', retryAfterMs: 65535 })],
    [
      'CAPABILITIES 16 locks, no occupancy sensors',
      f(
        1,
        capabilities(16, 16, 4, () => false),
      ),
    ],
    [
      'CAPABILITIES 12 inputs, sensors on every third',
      f(
        1,
        capabilities(12, 12, 3, (i) => i % 3 === 0),
      ),
    ],
    [
      'CAPABILITIES nothing fitted',
      f(
        1,
        capabilities(0, 0, 0, () => false),
      ),
    ],
    [
      'CAPABILITIES largest board, all sensors',
      f(
        1,
        capabilities(64, 64, 64, () => true),
      ),
    ],
    ['STATES empty board', f(10, { type: 'STATES', locks: [], doors: [], occupancy: [] })],
    [
      'STATES 3 channels, one energised, mixed occupancy',
      f(11, {
        type: 'STATES',
        locks: [false, true, false],
        doors: [true, false, false],
        occupancy: [null, true, false],
      }),
    ],
    [
      'STATES 64 channels all set',
      f(12, {
        type: 'STATES',
        locks: range(64).map(() => true),
        doors: range(64).map(() => true),
        occupancy: range(64).map(() => true),
      }),
    ],
    ['TEMPS no probes', f(13, { type: 'TEMPS', probes: [] })],
    [
      'TEMPS negative, zero, positive, missing and faulty probes',
      f(14, {
        type: 'TEMPS',
        probes: [
          { status: 'ok', centiCelsius: -1850 },
          { status: 'ok', centiCelsius: -1 },
          { status: 'ok', centiCelsius: 0 },
          { status: 'ok', centiCelsius: 400 },
          { status: 'missing', centiCelsius: null },
          { status: 'fault', centiCelsius: null },
        ],
      }),
    ],
    [
      'TEMPS extreme values',
      f(15, {
        type: 'TEMPS',
        probes: [
          { status: 'ok', centiCelsius: -32768 },
          { status: 'ok', centiCelsius: 32767 },
        ],
      }),
    ],
    [
      'TEMPS 64 probes',
      f(16, {
        type: 'TEMPS',
        probes: range(64).map((i) => ({ status: 'ok', centiCelsius: i * 100 - 3200 })),
      }),
    ],
    [
      'DOOR_EVENT first event, input 0 opened',
      f(0, { type: 'DOOR_EVENT', boardSeq: 0, input: 0, open: true }),
    ],
    [
      'DOOR_EVENT boardSeq 65535, input 63 closed',
      f(0, { type: 'DOOR_EVENT', boardSeq: 65535, input: 63, open: false }),
    ],
  ];
}

function capabilities(
  locks: number,
  doors: number,
  probes: number,
  fitted: (input: number) => boolean,
): Message {
  return {
    type: 'CAPABILITIES',
    firmware: { major: 1, minor: 2, patch: 3 },
    lockChannels: locks,
    doorInputs: doors,
    probes,
    occupancySensors: range(doors).map(fitted),
    maxPulseMs: 2000,
    cooldownMs: 1000,
    watchdogMs: 6000,
  };
}

/** A wire frame from raw bytes; the last two bytes become the CRC unless `crc` is given. */
function wire(raw: number[], crc?: number): string {
  const bytes = Buffer.from([...raw, 0, 0]);
  bytes.writeUInt16LE(crc ?? crc16(bytes, 0, bytes.length - 2), bytes.length - 2);
  return Buffer.concat([Buffer.of(0), cobsEncode(bytes), Buffer.of(0)]).toString('hex');
}

function invalidCases(): TestVector[] {
  const v = (name: string, error: FrameErrorCode, hex: string): TestVector => ({
    name,
    hex,
    valid: false,
    error,
  });
  const ping = encodeFrame({ seq: 1, message: { type: 'PING' } });
  const unlockRaw = [1, 3, 1, 0, 7, 5, 0xf4, 1, 1, 0, 0, 0];
  const flippedUnlock = {
    raw: unlockRaw.map((b, i) => (i === 5 ? b ^ 0x01 : b)),
    crc: crc16(Buffer.from(unlockRaw)),
  };
  const badCrcPing = Buffer.from(ping);
  badCrcPing[ping.length - 2] = badCrcPing[ping.length - 2]! ^ 0xff;
  return [
    v('PING with a wrong CRC byte', 'BAD_CRC', badCrcPing.toString('hex')),
    v(
      'UNLOCK with a flipped payload bit, CRC of the original',
      'BAD_CRC',
      wire(flippedUnlock.raw, flippedUnlock.crc),
    ),
    v('frame shorter than header and CRC', 'TRUNCATED', wire([1, 2, 1])),
    v('UNLOCK with 3 of 7 payload bytes', 'TRUNCATED', wire([1, 3, 1, 0, 7, 5, 0xf4, 1])),
    v('ACK with a byte more than its length field', 'BAD_LENGTH', wire([1, 0x70, 1, 0, 0, 0x55])),
    v('unassigned type 0x3F', 'UNKNOWN_TYPE', wire([1, 0x3f, 1, 0, 0])),
    v('unassigned type 0xFF', 'UNKNOWN_TYPE', wire([1, 0xff, 1, 0, 0])),
    v('protocol version 2', 'BAD_VERSION', wire([2, 2, 1, 0, 0])),
    v('protocol version 0', 'BAD_VERSION', wire([0, 2, 1, 0, 0])),
    v('300 bytes without a delimiter', 'OVERSIZE', `00${'41'.repeat(300)}00`),
    v(
      'payload of 241 bytes: its block exceeds 248 bytes (check 1)',
      'OVERSIZE',
      wire([1, 0x46, 1, 0, 241, ...range(241).map(() => 1)]),
    ),
    v('length field 250', 'OVERSIZE', wire([1, 0x46, 1, 0, 250, 0])),
    v('COBS code running past the end', 'BAD_FRAMING', '000901020300'),
    v('HELLO with a payload byte', 'BAD_PAYLOAD', wire([1, 1, 1, 0, 1, 0])),
    v('NACK with unassigned code 0x99', 'BAD_PAYLOAD', wire([1, 0x71, 1, 0, 3, 0x99, 0, 0])),
    v('DOOR_EVENT with open = 2', 'BAD_PAYLOAD', wire([1, 0x80, 0, 0, 4, 0, 0, 1, 2])),
    v('STATES with a padding bit set', 'BAD_PAYLOAD', wire([1, 0x45, 1, 0, 6, 1, 0x02, 1, 0, 0, 0])),
    v(
      'STATES with occupancy where no sensor is fitted',
      'BAD_PAYLOAD',
      wire([1, 0x45, 1, 0, 5, 0, 1, 0, 0, 1]),
    ),
    v(
      'STATES with 65 lock channels',
      'BAD_PAYLOAD',
      wire([1, 0x45, 1, 0, 11, 65, ...range(9).map(() => 0), 0]),
    ),
    v('TEMPS with a missing probe carrying a value', 'BAD_PAYLOAD', wire([1, 0x46, 1, 0, 4, 1, 1, 5, 0])),
    v('TEMPS with unknown probe status 3', 'BAD_PAYLOAD', wire([1, 0x46, 1, 0, 4, 1, 3, 0, 0])),
    v('CAPABILITIES cut short', 'BAD_PAYLOAD', wire([1, 0x41, 1, 0, 3, 1, 2, 3])),
    v(
      'CAPABILITIES with watchdogMs 0',
      'BAD_PAYLOAD',
      wire([1, 0x41, 1, 0, 13, 1, 0, 0, 1, 1, 0, 0xd0, 7, 0xe8, 3, 0, 0, 0]),
    ),
    v('NACK COOLDOWN with retryAfterMs 0', 'BAD_PAYLOAD', wire([1, 0x71, 1, 0, 3, 3, 0, 0])),
    v('NACK UNKNOWN_CHANNEL with retryAfterMs 5', 'BAD_PAYLOAD', wire([1, 0x71, 1, 0, 3, 1, 5, 0])),
    v('DOOR_EVENT with seq 7', 'BAD_PAYLOAD', wire([1, 0x80, 7, 0, 4, 0, 0, 1, 1])),
    v('DOOR_EVENT for door input 64', 'BAD_PAYLOAD', wire([1, 0x80, 0, 0, 4, 0, 0, 64, 1])),
  ];
}
