import type { BoardStates, DoorEvent } from '@regiobox/firmware-proto';
import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import { Listeners } from '../listeners.js';
import type { DoorChange, Doors, InputSnapshot } from '../types.js';
import type { OnlineBoard } from './board-connection.js';
import { toHardwareError } from './errors.js';

/**
 * Door switches and occupancy sensors on the board. The last known door states survive a lost
 * connection, so that after every reopen a door that moved meanwhile is reported as a change.
 */
export class BoardDoors implements Doors {
  private known: (boolean | null)[] = [];
  private occupancy: (boolean | null)[] = [];
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
    let states: BoardStates;
    try {
      states = await board.client.readStates();
    } catch (err) {
      throw toHardwareError(err, 'READ_STATES');
    }
    this.reconcile(states);
    return { doors: [...states.doors], occupancy: [...states.occupancy] };
  }

  onChange(listener: (change: DoorChange) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Takes fresh states as the truth; every door that differs from what was known is a change. */
  reconcile(states: BoardStates): void {
    const at = this.clock.now();
    const previous = this.known;
    this.known = [...states.doors];
    this.occupancy = [...states.occupancy];
    states.doors.forEach((open, input) => {
      const before = previous[input];
      if (before !== undefined && before !== null && before !== open) {
        this.logger.info({ input, open }, 'door changed while unobserved');
        this.listeners.emit({ input, open, at });
      }
    });
  }

  /** A pushed DOOR_EVENT; a repeat of the known state (already reconciled) is not news. */
  applyEvent(event: DoorEvent): void {
    if (this.known[event.input] === event.open) return;
    this.known[event.input] = event.open;
    this.logger.info({ input: event.input, open: event.open }, 'door changed');
    this.listeners.emit({ input: event.input, open: event.open, at: this.clock.now() });
  }
}
