import type { DoorChange, Doors, InputSnapshot } from '@regiobox/hardware-api';
import { HardwareError } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { Listeners } from './listeners.js';

/** Reads the inputs of a board that pushes nothing: every answer is the whole truth at that moment. */
export type PollInputs = () => Promise<InputSnapshot>;

/**
 * Door switches of a board that is only ever asked: each poll (the link's heartbeat, a read, the
 * read after every reopen) is compared with the last known states, and every door that differs is
 * a change. The last known states survive a lost connection, so a door moved meanwhile is reported
 * after the reopen. While the board is unreachable every door reads `null`, never a stale value.
 */
export class PolledDoors implements Doors {
  private known: (boolean | null)[];
  private occupancy: (boolean | null)[];
  private readonly listeners: Listeners<DoorChange>;

  constructor(
    private readonly poll: () => PollInputs | null,
    count: number,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly logger: Logger,
  ) {
    this.known = Array.from({ length: count }, () => null);
    this.occupancy = Array.from({ length: count }, () => null);
    this.listeners = new Listeners(logger, 'door change');
  }

  async read(): Promise<InputSnapshot> {
    const poll = this.poll();
    if (poll === null)
      return { doors: this.known.map(() => null), occupancy: this.occupancy.map(() => null) };
    return this.refresh(poll);
  }

  /** One poll, reconciled: the heartbeat, and the read after every (re)open. */
  async refresh(poll: PollInputs): Promise<InputSnapshot> {
    let snapshot: InputSnapshot;
    try {
      snapshot = await poll();
    } catch (err) {
      if (err instanceof HardwareError) throw err;
      throw new HardwareError('BOARD_TIMEOUT', 'the board did not report its inputs', undefined, {
        cause: err,
      });
    }
    this.reconcile(snapshot);
    return snapshot;
  }

  onChange(listener: (change: DoorChange) => void): () => void {
    return this.listeners.add(listener);
  }

  private reconcile(snapshot: InputSnapshot): void {
    const at = this.clock.now();
    const previous = this.known;
    this.known = [...snapshot.doors];
    this.occupancy = [...snapshot.occupancy];
    snapshot.doors.forEach((open, input) => {
      const before = previous[input];
      if (open === null || before === undefined || before === null || before === open) return;
      this.logger.info({ input, open }, 'door changed');
      this.listeners.emit({ input, open, at });
    });
  }
}
