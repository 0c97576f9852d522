import type { Message, MessageOf } from '@regiobox/firmware-proto';
import type { CommandMemory } from './command-memory.js';
import type { DoorInputs } from './door-inputs.js';
import type { Probes } from './probes.js';
import type { Solenoids } from './solenoids.js';

export interface BoardParts {
  readonly capabilities: MessageOf<'CAPABILITIES'>;
  readonly solenoids: Solenoids;
  readonly doors: DoorInputs;
  readonly probes: Probes;
  readonly commands: CommandMemory;
}

const nack = (code: MessageOf<'NACK'>['code'], retryAfterMs = 0): Message => ({
  type: 'NACK',
  code,
  retryAfterMs,
});

/** The board's answer to one request from the host, following PROTOCOL.md section 7. */
export function answerRequest(board: BoardParts, message: Message): Message {
  switch (message.type) {
    case 'HELLO':
      return board.capabilities;
    case 'PING':
      return { type: 'PONG' };
    case 'UNLOCK':
      return unlock(board, message);
    case 'RELEASE_ALL':
      board.solenoids.releaseAll('released');
      return { type: 'ACK' };
    case 'READ_STATES':
      return {
        type: 'STATES',
        locks: board.solenoids.states(),
        doors: board.doors.doors(),
        occupancy: board.doors.occupancy(),
      };
    case 'READ_TEMPS':
      return { type: 'TEMPS', probes: board.probes.readings() };
    default:
      // replies and events are the board's to send, never to receive
      return nack('UNSUPPORTED_TYPE');
  }
}

function unlock(board: BoardParts, { channel, pulseMs, commandId }: MessageOf<'UNLOCK'>): Message {
  const remembered = board.commands.recall(commandId);
  if (remembered) {
    const same = remembered.channel === channel && remembered.pulseMs === pulseMs;
    return same ? { type: 'ACK' } : nack('COMMAND_ID_CONFLICT');
  }
  const refusal = board.solenoids.refusal(channel, pulseMs);
  if (refusal) return nack(refusal.code, refusal.retryAfterMs);
  board.solenoids.start(channel, pulseMs, commandId);
  board.commands.remember(commandId, { channel, pulseMs });
  return { type: 'ACK' };
}
