/** Why a door changed, as the simulator knows it (the protocol only says open or closed). */
export type DoorCause = 'unlocked' | 'forced' | 'closed';

export interface DoorChange {
  readonly input: number;
  readonly open: boolean;
  readonly cause: DoorCause;
  /** board milliseconds */
  readonly at: number;
}

/**
 * The door switches and occupancy sensors. A door opens only while its latch is released (its
 * solenoid energised), unless forced; it closes whenever pushed.
 */
export class DoorInputs {
  private readonly open: boolean[];
  private readonly occupied: (boolean | null)[];
  private readonly log: DoorChange[] = [];

  constructor(
    count: number,
    occupancySensors: readonly boolean[],
    private readonly latchReleased: (input: number) => boolean,
    private readonly now: () => number,
    private readonly changed: (change: DoorChange) => void,
  ) {
    this.open = Array.from({ length: count }, () => false);
    this.occupied = occupancySensors.map((fitted) => (fitted ? false : null));
  }

  get count(): number {
    return this.open.length;
  }

  /** An actor pulls the handle: opens while the latch is released. Returns whether the door is open. */
  pull(input: number): boolean {
    this.check(input);
    if (this.open[input]) return true;
    if (!this.latchReleased(input)) return false;
    this.set(input, true, 'unlocked');
    return true;
  }

  push(input: number): void {
    this.check(input);
    if (this.open[input]) this.set(input, false, 'closed');
  }

  /** A crowbar or a broken latch: opens without an unlock. */
  force(input: number): void {
    this.check(input);
    if (!this.open[input]) this.set(input, true, 'forced');
  }

  setOccupancy(input: number, present: boolean): void {
    this.check(input);
    if (this.occupied[input] === null) throw new RangeError(`door input ${input} has no occupancy sensor`);
    this.occupied[input] = present;
  }

  isOpen(input: number): boolean {
    this.check(input);
    return this.open[input] === true;
  }

  doors(): boolean[] {
    return [...this.open];
  }

  occupancy(): (boolean | null)[] {
    return [...this.occupied];
  }

  changes(): readonly DoorChange[] {
    return this.log;
  }

  private set(input: number, open: boolean, cause: DoorCause): void {
    this.open[input] = open;
    const change = { input, open, cause, at: this.now() };
    this.log.push(change);
    this.changed(change);
  }

  private check(input: number): void {
    if (!Number.isInteger(input) || input < 0 || input >= this.open.length) {
      throw new RangeError(`the board has no door input ${input} (it has ${this.open.length})`);
    }
  }
}
