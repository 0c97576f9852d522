import fc from 'fast-check';
import type { Frame, Message, ProbeReading } from '../messages.js';
import { NACK_CODES, type NackCode } from '../protocol.js';

/** fast-check generators for every message the wire can carry, used by the property tests. */
const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const count = fc.integer({ min: 0, max: 64 });

const probe: fc.Arbitrary<ProbeReading> = fc.oneof(
  fc.integer({ min: -0x8000, max: 0x7fff }).map((centiCelsius) => ({ status: 'ok' as const, centiCelsius })),
  fc.constantFrom('missing' as const, 'fault' as const).map((status) => ({ status, centiCelsius: null })),
);

const empty = (type: 'HELLO' | 'PING' | 'PONG' | 'RELEASE_ALL' | 'READ_STATES' | 'READ_TEMPS' | 'ACK') =>
  fc.constant<Message>({ type });

export const arbitraryMessage: fc.Arbitrary<Message> = fc.oneof(
  empty('HELLO'),
  empty('PING'),
  empty('PONG'),
  empty('RELEASE_ALL'),
  empty('READ_STATES'),
  empty('READ_TEMPS'),
  empty('ACK'),
  fc.record({ type: fc.constant('UNLOCK' as const), channel: u8, pulseMs: u16, commandId: u32 }),
  // only COOLDOWN carries a retry-after, and always at least 1 ms
  fc.constantFrom(...(Object.keys(NACK_CODES) as NackCode[])).chain((code) =>
    fc.record({
      type: fc.constant('NACK' as const),
      code: fc.constant(code),
      retryAfterMs: code === 'COOLDOWN' ? fc.integer({ min: 1, max: 0xffff }) : fc.constant(0),
    }),
  ),
  fc.record({
    type: fc.constant('DOOR_EVENT' as const),
    boardSeq: u16,
    input: fc.integer({ min: 0, max: 63 }),
    open: fc.boolean(),
  }),
  count.chain((doorInputs) =>
    fc.record({
      type: fc.constant('CAPABILITIES' as const),
      firmware: fc.record({ major: u8, minor: u8, patch: u8 }),
      lockChannels: count,
      doorInputs: fc.constant(doorInputs),
      probes: count,
      occupancySensors: fc.array(fc.boolean(), { minLength: doorInputs, maxLength: doorInputs }),
      maxPulseMs: u16,
      cooldownMs: u16,
      watchdogMs: fc.integer({ min: 1, max: 0xffff }),
    }),
  ),
  count.chain((doors) =>
    fc.record({
      type: fc.constant('STATES' as const),
      locks: fc.array(fc.boolean(), { maxLength: 64 }),
      doors: fc.array(fc.boolean(), { minLength: doors, maxLength: doors }),
      occupancy: fc.array(fc.option(fc.boolean(), { nil: null }), { minLength: doors, maxLength: doors }),
    }),
  ),
  fc.record({ type: fc.constant('TEMPS' as const), probes: fc.array(probe, { maxLength: 64 }) }),
);

/** A pushed DOOR_EVENT carries seq 0; every other frame any seq. */
export const arbitraryFrame: fc.Arbitrary<Frame> = fc
  .record({ seq: u16, message: arbitraryMessage })
  .map((f) => (f.message.type === 'DOOR_EVENT' ? { ...f, seq: 0 } : f));
