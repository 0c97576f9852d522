import type { MessageOf } from '../messages.js';
import { MAX_DOOR_INPUTS, NACK_CODES, NACK_CODES_BY_VALUE } from '../protocol.js';
import { type ByteReader, ByteWriter, PayloadError } from './bytes.js';

/** The small fixed-layout payloads: UNLOCK, NACK, DOOR_EVENT. */
export function writeUnlock(m: MessageOf<'UNLOCK'>): Buffer {
  return new ByteWriter().u8(m.channel).u16(m.pulseMs).u32(m.commandId).toBuffer();
}

export function readUnlock(r: ByteReader): MessageOf<'UNLOCK'> {
  return { type: 'UNLOCK', channel: r.u8(), pulseMs: r.u16(), commandId: r.u32() };
}

export function writeNack(m: MessageOf<'NACK'>): Buffer {
  return new ByteWriter().u8(NACK_CODES[m.code]).u16(m.retryAfterMs).toBuffer();
}

export function readNack(r: ByteReader): MessageOf<'NACK'> {
  const value = r.u8();
  const code = NACK_CODES_BY_VALUE.get(value);
  if (!code) throw new PayloadError(`unknown NACK code 0x${value.toString(16)}`);
  const retryAfterMs = r.u16();
  // Canonical (PROTOCOL.md 6): only COOLDOWN says when to retry, and it always says so.
  if (code === 'COOLDOWN' && retryAfterMs === 0) throw new PayloadError('COOLDOWN with retryAfterMs 0');
  if (code !== 'COOLDOWN' && retryAfterMs !== 0) {
    throw new PayloadError(`${code} with retryAfterMs ${retryAfterMs}; only COOLDOWN carries one`);
  }
  return { type: 'NACK', code, retryAfterMs };
}

export function writeDoorEvent(m: MessageOf<'DOOR_EVENT'>): Buffer {
  return new ByteWriter()
    .u16(m.boardSeq)
    .u8(m.input)
    .u8(m.open ? 1 : 0)
    .toBuffer();
}

export function readDoorEvent(r: ByteReader): MessageOf<'DOOR_EVENT'> {
  const boardSeq = r.u16();
  const input = r.limit(r.u8(), MAX_DOOR_INPUTS - 1, 'door input');
  return { type: 'DOOR_EVENT', boardSeq, input, open: r.boolean() };
}
