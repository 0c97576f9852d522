/** Wire constants of firmware-proto version 1. PROTOCOL.md is the normative text; these mirror it. */
export const PROTOCOL_VERSION = 1;

/** version u8, type u8, seq u16, payload length u8 */
export const HEADER_SIZE = 5;
export const CRC_SIZE = 2;
export const MAX_PAYLOAD_SIZE = 240;
/** header + largest payload + CRC, before COBS */
export const MAX_FRAME_SIZE = HEADER_SIZE + MAX_PAYLOAD_SIZE + CRC_SIZE;
/** one COBS code byte per started 254 bytes; excludes the 0x00 delimiters */
export const MAX_ENCODED_SIZE = MAX_FRAME_SIZE + Math.ceil(MAX_FRAME_SIZE / 254);
export const FRAME_DELIMITER = 0x00;

/** Board limits, so that every STATES and TEMPS payload fits MAX_PAYLOAD_SIZE. */
export const MAX_LOCK_CHANNELS = 64;
export const MAX_DOOR_INPUTS = 64;
export const MAX_PROBES = 64;

export const MESSAGE_TYPE_CODES = {
  HELLO: 0x01,
  PING: 0x02,
  UNLOCK: 0x03,
  RELEASE_ALL: 0x04,
  READ_STATES: 0x05,
  READ_TEMPS: 0x06,
  CAPABILITIES: 0x41,
  PONG: 0x42,
  STATES: 0x45,
  TEMPS: 0x46,
  ACK: 0x70,
  NACK: 0x71,
  DOOR_EVENT: 0x80,
} as const;

export type MessageType = keyof typeof MESSAGE_TYPE_CODES;

export const NACK_CODES = {
  UNKNOWN_CHANNEL: 0x01,
  PULSE_OUT_OF_RANGE: 0x02,
  COOLDOWN: 0x03,
  COMMAND_ID_CONFLICT: 0x04,
  BAD_PAYLOAD: 0x05,
  UNSUPPORTED_TYPE: 0x06,
  BAD_VERSION: 0x07,
} as const;

export type NackCode = keyof typeof NACK_CODES;

export const PROBE_STATUS_CODES = { ok: 0x00, missing: 0x01, fault: 0x02 } as const;
export type ProbeStatus = keyof typeof PROBE_STATUS_CODES;

/** Requests the host sends, and the reply type each one expects on success. */
export const REQUEST_REPLIES = {
  HELLO: 'CAPABILITIES',
  PING: 'PONG',
  UNLOCK: 'ACK',
  RELEASE_ALL: 'ACK',
  READ_STATES: 'STATES',
  READ_TEMPS: 'TEMPS',
} as const satisfies Partial<Record<MessageType, MessageType>>;

export type RequestType = keyof typeof REQUEST_REPLIES;

export function isRequestType(type: MessageType): type is RequestType {
  return type in REQUEST_REPLIES;
}

/** Inverse lookup tables, built once. */
export const MESSAGE_TYPES_BY_CODE = new Map<number, MessageType>(
  Object.entries(MESSAGE_TYPE_CODES).map(([name, code]) => [code, name as MessageType]),
);
export const NACK_CODES_BY_VALUE = new Map<number, NackCode>(
  Object.entries(NACK_CODES).map(([name, code]) => [code, name as NackCode]),
);
export const PROBE_STATUSES_BY_CODE = new Map<number, ProbeStatus>(
  Object.entries(PROBE_STATUS_CODES).map(([name, code]) => [code, name as ProbeStatus]),
);
