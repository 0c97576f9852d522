import { cobsDecode, cobsEncode } from './cobs.js';
import { crc16 } from './crc16.js';
import { FrameEncodeError, type FrameError, type FrameErrorCode } from './frame-errors.js';
import { Frame } from './messages.js';
import { PayloadError, readPayload, writePayload } from './payload/index.js';
import {
  CRC_SIZE,
  FRAME_DELIMITER,
  HEADER_SIZE,
  MAX_ENCODED_SIZE,
  MAX_FRAME_SIZE,
  MAX_PAYLOAD_SIZE,
  MESSAGE_TYPE_CODES,
  MESSAGE_TYPES_BY_CODE,
  PROTOCOL_VERSION,
} from './protocol.js';

export type DecodeResult = { ok: true; frame: Frame } | { ok: false; error: FrameError };

/**
 * The complete wire form of one frame: 0x00, COBS(header, payload, CRC), 0x00. The leading delimiter
 * ends whatever noise preceded the frame on the line, so the receiver never glues noise onto it.
 */
export function encodeFrame(frame: Frame): Buffer {
  const parsed = Frame.safeParse(frame);
  if (!parsed.success) throw new FrameEncodeError(`cannot encode frame: ${parsed.error.message}`);
  const { seq, message } = parsed.data;
  const payload = writePayload(message);
  const raw = Buffer.alloc(HEADER_SIZE + payload.length + CRC_SIZE);
  raw.writeUInt8(PROTOCOL_VERSION, 0);
  raw.writeUInt8(MESSAGE_TYPE_CODES[message.type], 1);
  raw.writeUInt16LE(seq, 2);
  raw.writeUInt8(payload.length, 4);
  payload.copy(raw, HEADER_SIZE);
  raw.writeUInt16LE(crc16(raw, 0, raw.length - CRC_SIZE), raw.length - CRC_SIZE);
  return Buffer.concat([Buffer.of(FRAME_DELIMITER), cobsEncode(raw), Buffer.of(FRAME_DELIMITER)]);
}

/** Decodes exactly one wire frame; leading and trailing 0x00 delimiters are optional. Never throws. */
export function decodeFrame(wire: Uint8Array): DecodeResult {
  let start = 0;
  let end = wire.length;
  while (start < end && wire[start] === FRAME_DELIMITER) start++;
  while (end > start && wire[end - 1] === FRAME_DELIMITER) end--;
  return decodeFrameBody(wire.subarray(start, end));
}

/** Decodes the bytes between two delimiters. */
export function decodeFrameBody(encoded: Uint8Array): DecodeResult {
  const fail = (code: FrameErrorCode, detail: string, header?: { seq: number; typeCode: number }) => ({
    ok: false as const,
    error: { code, detail, byteCount: encoded.length, ...header },
  });
  if (encoded.length > MAX_ENCODED_SIZE) {
    return fail('OVERSIZE', `${encoded.length} encoded bytes exceed ${MAX_ENCODED_SIZE}`);
  }
  const raw = cobsDecode(encoded);
  if (!raw) return fail('BAD_FRAMING', 'not a valid COBS block');
  if (raw.length > MAX_FRAME_SIZE) return fail('OVERSIZE', `${raw.length} bytes exceed ${MAX_FRAME_SIZE}`);
  if (raw.length < HEADER_SIZE + CRC_SIZE) {
    return fail('TRUNCATED', `${raw.length} bytes are shorter than header and CRC`);
  }
  const expectedCrc = raw.readUInt16LE(raw.length - CRC_SIZE);
  const actualCrc = crc16(raw, 0, raw.length - CRC_SIZE);
  if (expectedCrc !== actualCrc) {
    return fail('BAD_CRC', `CRC 0x${hex4(actualCrc)} does not match 0x${hex4(expectedCrc)}`);
  }
  // From here the header is known to be intact, so errors carry seq and type for a NACK.
  const header = { seq: raw.readUInt16LE(2), typeCode: raw.readUInt8(1) };
  const version = raw.readUInt8(0);
  if (version !== PROTOCOL_VERSION) return fail('BAD_VERSION', `protocol version ${version}`, header);
  const payloadLength = raw.readUInt8(4);
  if (payloadLength > MAX_PAYLOAD_SIZE) {
    return fail('OVERSIZE', `payload length ${payloadLength} exceeds ${MAX_PAYLOAD_SIZE}`, header);
  }
  const actualLength = raw.length - HEADER_SIZE - CRC_SIZE;
  if (actualLength < payloadLength) {
    return fail('TRUNCATED', `payload has ${actualLength} of ${payloadLength} bytes`, header);
  }
  if (actualLength > payloadLength) {
    return fail('BAD_LENGTH', `payload has ${actualLength} bytes, header says ${payloadLength}`, header);
  }
  const type = MESSAGE_TYPES_BY_CODE.get(header.typeCode);
  if (!type) return fail('UNKNOWN_TYPE', `message type 0x${header.typeCode.toString(16)}`, header);
  try {
    const message = readPayload(type, raw.subarray(HEADER_SIZE, HEADER_SIZE + payloadLength));
    if (message.type === 'DOOR_EVENT' && header.seq !== 0) {
      return fail('BAD_PAYLOAD', `DOOR_EVENT: seq ${header.seq}; a pushed frame carries seq 0`, header);
    }
    return { ok: true, frame: { seq: header.seq, message } };
  } catch (error) {
    if (error instanceof PayloadError) return fail('BAD_PAYLOAD', `${type}: ${error.message}`, header);
    throw error;
  }
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}
