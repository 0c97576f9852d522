/**
 * The frames of Kerong's KR-CU lock control boards (CU16 protocol): STX, ADDR, CMD, DATA…, ETX, SUM.
 * ADDR carries the board's address (DIP switch, 0–15) in its high nibble and the lock (0–15) in its
 * low nibble; SUM is the low byte of the sum of every byte before it. There is no command id, no
 * length field and no authentication: a frame is recognised by its command byte alone.
 */

import { KerongError } from './errors.js';

export const STX = 0x02;
export const ETX = 0x03;

/** Command bytes, host → board. */
export const KerongCommand = {
  /** the hook and infrared states of one board's 16 locks */
  readStatus: 0x30,
  /** energise one lock for the board's own unlock time */
  unlock: 0x31,
  /** every board on the bus answers in turn (ADDR 0xF0); not used by regiobox */
  readAllBoards: 0x32,
  /** every lock of a board at once; regiobox never sends it */
  unlockAll: 0x33,
} as const;

/** Reply command bytes, board → host. */
export const KerongReply = {
  /** one board's states: the reply to READ STATUS and to UNLOCK */
  status: 0x35,
  /** one board's states in the answer to READ ALL BOARDS */
  statusOfAll: 0x36,
} as const;

/** Total frame length by command byte; a byte that is not listed cannot start a frame. */
export const FRAME_LENGTH: ReadonlyMap<number, number> = new Map([
  [KerongCommand.readStatus, 5],
  [KerongCommand.unlock, 5],
  [KerongCommand.readAllBoards, 5],
  [KerongCommand.unlockAll, 5],
  [KerongReply.status, 9],
  [KerongReply.statusOfAll, 9],
]);

export const LOCKS_PER_BOARD = 16;

export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return sum;
}

export function addressByte(board: number, lock: number): number {
  if (!Number.isInteger(board) || board < 0 || board > 15)
    throw new KerongError('KERONG_RANGE', `board address ${board} is not 0–15`);
  if (!Number.isInteger(lock) || lock < 0 || lock > 15)
    throw new KerongError('KERONG_RANGE', `lock ${lock} is not 0–15`);
  return (board << 4) | lock;
}

/** A whole frame: STX, ADDR, CMD, data, ETX and the checksum over all of them. */
export function encodeKerongFrame(address: number, command: number, data: readonly number[] = []): Buffer {
  const body = Buffer.from([STX, address, command, ...data, ETX]);
  return Buffer.concat([body, Buffer.from([checksum(body)])]);
}

export function encodeReadStatus(board: number): Buffer {
  return encodeKerongFrame(addressByte(board, 0), KerongCommand.readStatus);
}

export function encodeUnlock(board: number, lock: number): Buffer {
  return encodeKerongFrame(addressByte(board, lock), KerongCommand.unlock);
}

/** One board's states: `hooks[i]` true = lock i's hook is latched; `infrared[i]` true = something inside. */
export interface KerongStatus {
  readonly board: number;
  readonly lock: number;
  readonly hooks: readonly boolean[];
  readonly infrared: readonly boolean[];
}

export function encodeStatus(status: KerongStatus, reply: number = KerongReply.status): Buffer {
  return encodeKerongFrame(addressByte(status.board, status.lock), reply, [
    ...toBytes(status.hooks),
    ...toBytes(status.infrared),
  ]);
}

/** A frame the decoder accepted: its address split up, its command and its data bytes. */
export interface KerongFrame {
  readonly board: number;
  readonly lock: number;
  readonly command: number;
  readonly data: readonly number[];
}

export function statusOf(frame: KerongFrame): KerongStatus {
  if (frame.command !== KerongReply.status && frame.command !== KerongReply.statusOfAll) {
    throw new KerongError('KERONG_RANGE', `command 0x${frame.command.toString(16)} is not a status reply`);
  }
  const [h1 = 0, h2 = 0, i1 = 0, i2 = 0] = frame.data;
  return { board: frame.board, lock: frame.lock, hooks: fromBytes(h1, h2), infrared: fromBytes(i1, i2) };
}

/** Locks 1–8 in the first byte (bit 0 = lock 1), 9–16 in the second. */
function toBytes(bits: readonly boolean[]): [number, number] {
  let low = 0;
  let high = 0;
  for (let i = 0; i < LOCKS_PER_BOARD; i++) {
    if (bits[i] !== true) continue;
    if (i < 8) low |= 1 << i;
    else high |= 1 << (i - 8);
  }
  return [low, high];
}

function fromBytes(low: number, high: number): boolean[] {
  return Array.from({ length: LOCKS_PER_BOARD }, (_, i) => ((i < 8 ? low >> i : high >> (i - 8)) & 1) === 1);
}
