import type { MessageOf } from '../messages.js';
import { MAX_DOOR_INPUTS, MAX_LOCK_CHANNELS } from '../protocol.js';
import { type ByteReader, ByteWriter, PayloadError } from './bytes.js';

type States = MessageOf<'STATES'>;

export function writeStates(m: States): Buffer {
  return new ByteWriter()
    .u8(m.locks.length)
    .bitmap(m.locks)
    .u8(m.doors.length)
    .bitmap(m.doors)
    .bitmap(m.occupancy.map((value) => value !== null))
    .bitmap(m.occupancy.map((value) => value === true))
    .toBuffer();
}

export function readStates(r: ByteReader): States {
  const locks = r.bitmap(r.limit(r.u8(), MAX_LOCK_CHANNELS, 'lock channel count'));
  const doorCount = r.limit(r.u8(), MAX_DOOR_INPUTS, 'door input count');
  const doors = r.bitmap(doorCount);
  const fitted = r.bitmap(doorCount);
  const present = r.bitmap(doorCount);
  const occupancy = fitted.map((isFitted, input) => {
    if (isFitted) return present[input] === true;
    if (present[input]) throw new PayloadError(`occupancy set on input ${input} without a sensor`);
    return null;
  });
  return { type: 'STATES', locks, doors, occupancy };
}
