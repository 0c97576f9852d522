import type { DoorChange, Doors, GpioInputLine, InputSnapshot } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import { Listeners } from '../listeners.js';

export interface GpioDoorSwitchesOptions {
  readonly count: number;
  /** a level must hold this long before it counts: reed contacts chatter for a few ms */
  readonly debounceMs: number;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
}

interface SwitchState {
  /** the debounced door state; null until the line was first read */
  stable: boolean | null;
  latest: boolean;
  latestAt: Date;
  timer: NodeJS.Timeout | null;
}

/**
 * Door reed switches on GPIO inputs, debounced. A line's active level means "door open" (the pin
 * map's activeLow flag absorbs the wiring). A GPIO station has no occupancy sensors.
 */
export class GpioDoorSwitches implements Doors {
  private readonly states: SwitchState[];
  private readonly listeners: Listeners<DoorChange>;
  private unwatch: Array<() => void> = [];

  constructor(private readonly options: GpioDoorSwitchesOptions) {
    this.states = Array.from({ length: options.count }, () => ({
      stable: null,
      latest: false,
      latestAt: options.clock.now(),
      timer: null,
    }));
    this.listeners = new Listeners(options.logger, 'door change');
  }

  /**
   * Starts watching freshly opened lines. A door whose level differs from what was known before
   * (it moved while the lines were away) is reported as a change at once.
   */
  async attach(lines: readonly GpioInputLine[]): Promise<void> {
    this.detach();
    const levels = await Promise.all(lines.map((line) => line.read()));
    lines.forEach((line, input) => {
      const state = this.states[input];
      if (state === undefined) return;
      this.unwatch.push(line.watch((open) => this.onEdge(input, open)));
      const level = levels[input] ?? false;
      state.latest = level;
      state.latestAt = this.options.clock.now();
      const known = state.stable;
      state.stable = level;
      if (known !== null && known !== level) this.emit(input, level, state.latestAt);
    });
  }

  /** Stops watching; the last known states stay for reconciliation on the next attach. */
  detach(): void {
    for (const stop of this.unwatch) stop();
    this.unwatch = [];
    for (const state of this.states) {
      if (state.timer !== null) clearTimeout(state.timer);
      state.timer = null;
    }
  }

  async read(): Promise<InputSnapshot> {
    return {
      doors: this.states.map((s) => s.stable),
      occupancy: this.states.map(() => null),
    };
  }

  onChange(listener: (change: DoorChange) => void): () => void {
    return this.listeners.add(listener);
  }

  private onEdge(input: number, open: boolean): void {
    const state = this.states[input];
    if (state === undefined) return;
    state.latest = open;
    state.latestAt = this.options.clock.now();
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = null;
      if (state.stable === state.latest) return;
      state.stable = state.latest;
      this.emit(input, state.latest, state.latestAt);
    }, this.options.debounceMs);
  }

  private emit(input: number, open: boolean, at: Date): void {
    this.options.logger.info({ input, open }, 'door changed');
    this.listeners.emit({ input, open, at });
  }
}
