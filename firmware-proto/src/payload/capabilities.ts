import type { MessageOf } from '../messages.js';
import { MAX_DOOR_INPUTS, MAX_LOCK_CHANNELS, MAX_PROBES } from '../protocol.js';
import { type ByteReader, ByteWriter, PayloadError } from './bytes.js';

type Capabilities = MessageOf<'CAPABILITIES'>;

export function writeCapabilities(m: Capabilities): Buffer {
  return new ByteWriter()
    .u8(m.firmware.major)
    .u8(m.firmware.minor)
    .u8(m.firmware.patch)
    .u8(m.lockChannels)
    .u8(m.doorInputs)
    .u8(m.probes)
    .u16(m.maxPulseMs)
    .u16(m.cooldownMs)
    .u16(m.watchdogMs)
    .bitmap(m.occupancySensors)
    .toBuffer();
}

export function readCapabilities(r: ByteReader): Capabilities {
  const firmware = { major: r.u8(), minor: r.u8(), patch: r.u8() };
  const lockChannels = r.limit(r.u8(), MAX_LOCK_CHANNELS, 'lock channel count');
  const doorInputs = r.limit(r.u8(), MAX_DOOR_INPUTS, 'door input count');
  const probes = r.limit(r.u8(), MAX_PROBES, 'probe count');
  const maxPulseMs = r.u16();
  const cooldownMs = r.u16();
  const watchdogMs = r.u16();
  // every board has a watchdog (PROTOCOL.md 7.5): 0 would be a board that never drops its outputs
  if (watchdogMs === 0) throw new PayloadError('watchdogMs 0: a board must have a host-silence watchdog');
  const occupancySensors = r.bitmap(doorInputs);
  return {
    type: 'CAPABILITIES',
    firmware,
    lockChannels,
    doorInputs,
    probes,
    occupancySensors,
    maxPulseMs,
    cooldownMs,
    watchdogMs,
  };
}
