import type { BoardStates } from '@regiobox/firmware-proto';
import type { DoorChange } from '@regiobox/hardware-api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.js';
import type { OnlineBoard } from './board-connection.js';
import { BoardDoors } from './board-doors.js';

const states = (doorOpen: boolean): BoardStates => ({ locks: [false], doors: [doorOpen], occupancy: [null] });

/** A board whose READ_STATES replies the test releases by hand. */
const slowBoard = () => {
  const replies: ((s: BoardStates) => void)[] = [];
  const board = {
    client: { readStates: () => new Promise<BoardStates>((resolve) => replies.push(resolve)) },
    capabilities: {},
  } as unknown as OnlineBoard;
  return { board, replies };
};

describe('BoardDoors', () => {
  it('a STATES reply that raced a DOOR_EVENT does not turn the door back to what it was', async () => {
    const { board, replies } = slowBoard();
    const doors = new BoardDoors(
      () => board,
      new ManualClock('2026-05-04T06:00:00Z'),
      pino({ level: 'silent' }),
    );
    const changes: DoorChange[] = [];
    doors.onChange((c) => changes.push(c));
    doors.reconcile(states(false));

    // the heartbeat's READ_STATES is on its way when the customer pulls the door open
    const heartbeat = doors.refresh(board);
    doors.applyEvent({ input: 0, open: true, boardSeq: 1 });
    replies.shift()?.(states(false)); // read before the door moved, settled after the event
    await heartbeat;
    expect(changes.map((c) => c.open)).toEqual([true]);

    // the next read decides: still open, nothing new; then shut
    const next = doors.refresh(board);
    replies.shift()?.(states(true));
    await next;
    expect(changes.map((c) => c.open)).toEqual([true]);
    doors.applyEvent({ input: 0, open: false, boardSeq: 2 });
    expect(changes.map((c) => c.open)).toEqual([true, false]);
  });
});
