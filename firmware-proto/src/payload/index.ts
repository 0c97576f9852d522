import type { Message, MessageOf } from '../messages.js';
import type { MessageType } from '../protocol.js';
import { ByteReader } from './bytes.js';
import { readCapabilities, writeCapabilities } from './capabilities.js';
import { readDoorEvent, readNack, readUnlock, writeDoorEvent, writeNack, writeUnlock } from './commands.js';
import { readStates, writeStates } from './states.js';
import { readTemps, writeTemps } from './temps.js';

interface PayloadCodec<T extends MessageType> {
  write(message: MessageOf<T>): Buffer;
  read(reader: ByteReader): MessageOf<T>;
}

const emptyPayload = <T extends MessageType>(type: T): PayloadCodec<T> => ({
  write: () => Buffer.alloc(0),
  read: () => ({ type }) as MessageOf<T>,
});

/** One codec per message type; the mapped type makes a missing type a compile error. */
const CODECS: { [T in MessageType]: PayloadCodec<T> } = {
  HELLO: emptyPayload('HELLO'),
  PING: emptyPayload('PING'),
  PONG: emptyPayload('PONG'),
  RELEASE_ALL: emptyPayload('RELEASE_ALL'),
  READ_STATES: emptyPayload('READ_STATES'),
  READ_TEMPS: emptyPayload('READ_TEMPS'),
  ACK: emptyPayload('ACK'),
  UNLOCK: { write: writeUnlock, read: readUnlock },
  NACK: { write: writeNack, read: readNack },
  DOOR_EVENT: { write: writeDoorEvent, read: readDoorEvent },
  CAPABILITIES: { write: writeCapabilities, read: readCapabilities },
  STATES: { write: writeStates, read: readStates },
  TEMPS: { write: writeTemps, read: readTemps },
};

export function writePayload(message: Message): Buffer {
  const codec = CODECS[message.type] as PayloadCodec<MessageType>;
  return codec.write(message);
}

/** Throws PayloadError when the bytes do not form exactly one payload of this type. */
export function readPayload(type: MessageType, payload: Uint8Array): Message {
  const reader = new ByteReader(payload);
  const message = CODECS[type].read(reader);
  reader.end();
  return message;
}

export { PayloadError } from './bytes.js';
