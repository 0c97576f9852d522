import { kerongCu } from '@regiobox/firmware-proto';
import { DeviceLine, type SerialDevice } from '../serial-device/device-line.js';

export interface KerongBusOptions {
  /** board addresses in cascade order: channel c is lock c mod 16 on boards[c div 16] */
  readonly boards?: readonly number[];
  /** how long a board energises a lock (its own unlock-time setting) */
  readonly unlockTimeMs?: number;
  /** a spring pushes an unlatched door open, so a slow test machine never misses the pulse */
  readonly springOpen?: boolean;
}

export interface KerongPulse {
  readonly board: number;
  readonly lock: number;
  readonly channel: number;
  readonly at: number;
}

/**
 * An RS485 bus of Kerong KR-CU16 boards as the host sees it: each board answers READ STATUS and
 * UNLOCK for its address with its hooks (latched = door shut and locked) and infrared sensors, in
 * Kerong's bytes; a frame for an address nobody has goes unanswered, as on the real bus.
 */
export class SimulatedKerongBus implements SerialDevice {
  readonly line: DeviceLine;
  private readonly boards: readonly number[];
  private readonly doorOpen: boolean[];
  private readonly energised: boolean[];
  private readonly inside: boolean[];
  private readonly pulseLog: KerongPulse[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly decoder: kerongCu.KerongFrameDecoder;

  constructor(private readonly options: KerongBusOptions = {}) {
    this.boards = options.boards ?? [0];
    const n = this.boards.length * kerongCu.LOCKS_PER_BOARD;
    this.doorOpen = Array.from({ length: n }, () => false);
    this.energised = Array.from({ length: n }, () => false);
    this.inside = Array.from({ length: n }, () => false);
    this.decoder = new kerongCu.KerongFrameDecoder();
    this.decoder.on('data', (frame: kerongCu.KerongFrame) => this.onRequest(frame));
    this.line = new DeviceLine((bytes) => this.decoder.write(bytes));
  }

  attach: SerialDevice['attach'] = (stream) => this.line.attach(stream);
  detach: SerialDevice['detach'] = () => this.line.detach();
  isAttachedTo: SerialDevice['isAttachedTo'] = (stream) => this.line.isAttachedTo(stream);

  // --- what happens at the lockers ---

  isDoorOpen(channel: number): boolean {
    return this.doorOpen[channel] === true;
  }

  /** Someone pulls the door open: only possible while the lock is energised, unless forced. */
  openDoor(channel: number): void {
    if (!this.energised[channel]) throw new Error(`door ${channel} is locked`);
    this.doorOpen[channel] = true;
  }

  /** The door is broken open without an unlock. */
  forceDoor(channel: number): void {
    this.doorOpen[channel] = true;
  }

  closeDoor(channel: number): void {
    this.doorOpen[channel] = false;
  }

  setInside(channel: number, inside: boolean): void {
    this.inside[channel] = inside;
  }

  /** Every lock the boards fired, in order. */
  pulses(): KerongPulse[] {
    return [...this.pulseLog];
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.detach();
  }

  // --- the boards ---

  private onRequest(frame: kerongCu.KerongFrame): void {
    const index = this.boards.indexOf(frame.board);
    if (index < 0) return;
    if (frame.command === kerongCu.KerongCommand.unlock) this.unlock(index, frame.lock);
    if (
      frame.command === kerongCu.KerongCommand.readStatus ||
      frame.command === kerongCu.KerongCommand.unlock
    ) {
      this.line.write(kerongCu.encodeStatus(this.statusOf(index, frame.lock)));
    }
  }

  private unlock(index: number, lock: number): void {
    const board = this.boards[index] as number;
    const channel = index * kerongCu.LOCKS_PER_BOARD + lock;
    this.pulseLog.push({ board, lock, channel, at: performance.now() });
    this.energised[channel] = true;
    if (this.options.springOpen) this.doorOpen[channel] = true;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.energised[channel] = false;
    }, this.options.unlockTimeMs ?? 300);
    this.timers.add(timer);
  }

  private statusOf(index: number, lock: number): kerongCu.KerongStatus {
    const first = index * kerongCu.LOCKS_PER_BOARD;
    const locks = Array.from({ length: kerongCu.LOCKS_PER_BOARD }, (_, i) => first + i);
    return {
      board: this.boards[index] as number,
      lock,
      // the hook latches when the door is shut and the solenoid is not energised
      hooks: locks.map((c) => !this.doorOpen[c] && !this.energised[c]),
      infrared: locks.map((c) => this.inside[c] === true),
    };
  }
}
