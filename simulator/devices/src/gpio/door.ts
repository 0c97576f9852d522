import type { SimulatedGpioChip } from './chip.js';

export interface SimulatedDoorWiring {
  /** the relay that releases this door's solenoid latch */
  readonly relayPin: number;
  /** the relay board energises the coil when the pin is low (most cheap relay modules) */
  readonly relayActiveLow: boolean;
  readonly switchPin: number;
  /** the physical level the reed switch gives while the door is open */
  readonly switchOpenLevel: 'high' | 'low';
  /** a spring pushes the door open as soon as the latch releases */
  readonly springOpen?: boolean;
  /** extra contact bounces (level flips) on every switch change, to exercise debouncing */
  readonly bounces?: number;
  /** time between two flips of a bounce; a reed contact settles within a few ms */
  readonly bounceIntervalMs?: number;
}

/**
 * A locker door on GPIO: a solenoid latch behind a relay and a reed switch. It opens only while the
 * relay is energised, unless forced (a crowbar, a broken latch: the "forced door" alarm).
 */
export class SimulatedGpioDoor {
  private isOpen = false;
  private unlocks = 0;
  /** a newer movement cancels the rest of an older one's chatter */
  private switchGeneration = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly chip: SimulatedGpioChip,
    private readonly wiring: SimulatedDoorWiring,
  ) {
    // The relay module's pull-up holds an unclaimed pin at the de-energised level.
    if (!chip.isRequested(wiring.relayPin)) chip.setLevel(wiring.relayPin, wiring.relayActiveLow);
    this.writeSwitch(false, 0);
    this.unsubscribe = chip.onLevel(wiring.relayPin, () => {
      if (!this.latchReleased()) return;
      this.unlocks += 1;
      if (wiring.springOpen === true && !this.isOpen) this.setOpen(true);
    });
  }

  get open(): boolean {
    return this.isOpen;
  }

  /** How many times the relay released the latch. */
  get unlockCount(): number {
    return this.unlocks;
  }

  latchReleased(): boolean {
    return this.chip.level(this.wiring.relayPin) !== this.wiring.relayActiveLow;
  }

  /** A person pulls the handle. Returns whether the door opened. */
  pull(): boolean {
    if (this.isOpen) return true;
    if (!this.latchReleased()) return false;
    this.setOpen(true);
    return true;
  }

  close(): void {
    if (this.isOpen) this.setOpen(false);
  }

  /** Fault injection: the door opens without the latch being released. */
  forceOpen(): void {
    if (!this.isOpen) this.setOpen(true);
  }

  detach(): void {
    this.unsubscribe();
  }

  private setOpen(open: boolean): void {
    this.isOpen = open;
    this.writeSwitch(open, this.wiring.bounces ?? 0);
  }

  /**
   * A reed contact chatters: it flips `bounces` times around the new level before it settles,
   * `bounceIntervalMs` apart.
   */
  private writeSwitch(open: boolean, bounces: number): void {
    const settled = open === (this.wiring.switchOpenLevel === 'high');
    const flips = bounces % 2 === 0 ? bounces : bounces + 1;
    const levels = [...Array.from({ length: flips }, (_, i) => (i % 2 === 0 ? settled : !settled)), settled];
    const generation = ++this.switchGeneration;
    const step = (): void => {
      if (generation !== this.switchGeneration) return;
      const level = levels.shift();
      if (level === undefined) return;
      this.chip.setLevel(this.wiring.switchPin, level);
      if (levels.length > 0) setTimeout(step, this.wiring.bounceIntervalMs ?? 2);
    };
    step();
  }
}
