import type { BoardStates, DoorEvent } from '@regiobox/firmware-proto';
import type { DoorChange, Doors, InputSnapshot } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import { Listeners } from '../listeners.js';
import type { OnlineBoard } from './board-connection.js';
import { toHardwareError } from './errors.js';

/**
 * Door switches and occupancy sensors on the board. The last known door states survive a lost
 * connection, so that after every reopen a door that moved meanwhile is reported as a change.
 */
export class BoardDoors implements Doors {
  private known: (boolean | null)[] = [];
  private occupancy: (boolean | null)[] = [];
  /** DOOR_EVENTs applied so far: tells whether one arrived while a READ_STATES was on its way */
  private eventsApplied = 0;
  private readonly listeners: Listeners<DoorChange>;

  constructor(
    private readonly online: () => OnlineBoard | null,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly logger: Logger,
  ) {
    this.listeners = new Listeners(logger, 'door change');
  }

  /**
   * The board's states now. While the board is unreachable every door reads `null` (unknown),
   * never a stale value that could close an order cycle on a guess.
   */
  async read(): Promise<InputSnapshot> {
    const board = this.online();
    if (board === null) {
      return { doors: this.known.map(() => null), occupancy: this.occupancy.map(() => null) };
    }
    const marker = this.eventsApplied;
    let states: BoardStates;
    try {
      states = await board.client.readStates();
    } catch (err) {
      throw toHardwareError(err, 'READ_STATES');
    }
    this.reconcile(states, marker);
    return { doors: [...states.doors], occupancy: [...states.occupancy] };
  }

  /** READ_STATES, reconciled: the serial driver's heartbeat and its answer to a gap in `boardSeq`. */
  async refresh(board: OnlineBoard): Promise<void> {
    const marker = this.eventsApplied;
    this.reconcile(await board.client.readStates(), marker);
  }

  onChange(listener: (change: DoorChange) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Takes fresh states as the truth; every door that differs from what was known is a change.
   * `marker` (the count of applied DOOR_EVENTs before the request): when a DOOR_EVENT was applied while the
   * request was on its way, nobody knows whether the reply is older or newer than that event (the
   * reply settles a promise, the event is emitted at once), so the doors are left as the event said
   * and the next read decides. Occupancy is not pushed and is always taken.
   */
  reconcile(states: BoardStates, marker?: number): void {
    this.occupancy = [...states.occupancy];
    if (marker !== undefined && marker !== this.eventsApplied) {
      this.logger.debug('door event during READ_STATES: doors left to the next read');
      return;
    }
    const at = this.clock.now();
    const previous = this.known;
    this.known = [...states.doors];
    states.doors.forEach((open, input) => {
      const before = previous[input];
      if (before !== undefined && before !== null && before !== open) {
        this.logger.info({ input, open }, 'door changed while unobserved');
        this.listeners.emit({ input, open, at });
      }
    });
  }

  /**
   * A pushed DOOR_EVENT. The board pushes one per change and never repeats one, and a STATES reply
   * read after a change always comes after its event, so an event that reports the state already
   * known means the change before it was lost on the line: a door opened and shut again between two
   * heartbeats while its "open" was eaten by noise. That lost change is reported first, so that a
   * pickup whose door event was lost is still a pickup.
   */
  applyEvent(event: DoorEvent): void {
    this.eventsApplied += 1;
    const at = this.clock.now();
    if (this.known[event.input] === event.open) {
      this.logger.warn(
        { input: event.input, open: event.open },
        'door event repeats the known state: the change before it was lost',
      );
      this.listeners.emit({ input: event.input, open: !event.open, at });
    }
    this.known[event.input] = event.open;
    this.logger.info({ input: event.input, open: event.open }, 'door changed');
    this.listeners.emit({ input: event.input, open: event.open, at });
  }
}
