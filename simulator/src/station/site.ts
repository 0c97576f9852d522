import type { SimulatedRig } from '@regiobox/simulated-devices';
import type { CounterTerminal } from './counter-terminal.js';
import type { StationTerminal } from './terminal.js';

/** A compartment as the people at the station see it: its number, door and zone. */
export interface SiteCompartment {
  readonly no: number;
  readonly lockChannel: number;
  readonly doorInput: number;
  readonly zone: 'ambient' | 'chilled' | 'cold' | 'frozen';
  readonly size: 'S' | 'M' | 'L';
  /** the probes measuring it */
  readonly probes: readonly string[];
}

/**
 * One station as the actors meet it, whether the station runs in this process or in a child: the
 * physical rig, the compartments, the kiosk terminal (null while the station is down) and one keypad,
 * which only one person uses at a time.
 */
export interface StationSite {
  readonly stationId: string;
  readonly rig: SimulatedRig;
  readonly compartments: readonly SiteCompartment[];
  readonly keypad: Keypad;
  terminal(): StationTerminal | null;
  /** a shop's counter: the staff member at the tablet for the next customer; null while the station is down */
  nextClerk?(): CounterTerminal | null;
  /** true for a counter (kind: counter): people are served by staff, not by doors */
  readonly isCounter?: boolean;
}

/** A queue in front of the keypad: people take turns, as they do at a real station. */
export class Keypad {
  private tail: Promise<void> = Promise.resolve();

  async use<T>(visit: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await visit();
    } finally {
      release();
    }
  }
}
