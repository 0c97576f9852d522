import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { FrameError, MessageOf, ProbeStatus } from '@regiobox/firmware-proto';
import { BoardLine, type BoardLineStats, type BoardTraffic } from './board-line.js';
import { resolveBoardOptions, type SimulatedBoardOptions } from './board-options.js';
import { answerRequest, type BoardParts } from './board-requests.js';
import { CommandMemory } from './command-memory.js';
import { type DoorChange, DoorInputs } from './door-inputs.js';
import { type LineFaultSettings, LineFaults } from './line-faults.js';
import { Probes } from './probes.js';
import type { RandomSource } from './random.js';
import { type SolenoidPulse, Solenoids } from './solenoids.js';
import { type BoardTimers, realTimers } from './timers.js';
import { WatchdogTimer } from './watchdog.js';

export interface BoardEnvironment {
  timers?: BoardTimers;
  random?: RandomSource;
}

export interface BoardDoorEvent extends DoorChange {
  readonly boardSeq: number;
}

export interface SimulatedBoardEvents {
  pulse: [SolenoidPulse];
  pulseEnd: [SolenoidPulse];
  door: [BoardDoorEvent];
  /** the host was silent for watchdogMs; every lock output was released */
  watchdog: [];
  traffic: [BoardTraffic];
  frameError: [FrameError];
  attached: [];
  detached: [];
}

/**
 * The lock/sensor board, simulated: speaks firmware-proto over whatever duplex stream it is attached
 * to (an in-memory pair, a simulated serial binding, a PTY), while actors and tests work its doors and
 * probes and turn its fault knobs.
 */
export class SimulatedBoard extends EventEmitter<SimulatedBoardEvents> {
  readonly capabilities: MessageOf<'CAPABILITIES'>;
  private readonly timers: BoardTimers;
  private readonly parts: BoardParts;
  private readonly faults: LineFaults;
  private readonly watchdog: WatchdogTimer;
  private readonly line: BoardLine;
  private eventSeq = 0;

  constructor(options: SimulatedBoardOptions = {}, environment: BoardEnvironment = {}) {
    super();
    const resolved = resolveBoardOptions(options);
    const { layout } = resolved;
    this.timers = environment.timers ?? realTimers;
    this.faults = new LineFaults(environment.random ?? Math.random);
    this.capabilities = {
      type: 'CAPABILITIES',
      firmware: resolved.firmware,
      lockChannels: layout.lockChannels,
      doorInputs: layout.doorInputs,
      probes: layout.probes,
      occupancySensors: [...layout.occupancySensors],
      maxPulseMs: resolved.maxPulseMs,
      cooldownMs: resolved.cooldownMs,
      watchdogMs: resolved.watchdogMs,
    };
    const solenoids = new Solenoids(layout.lockChannels, resolved, this.timers, {
      started: (record) => {
        this.emit('pulse', record);
        if (resolved.springOpen && record.channel < layout.doorInputs) {
          // the door springs open a moment after the latch releases, after the ACK is on its way
          queueMicrotask(() => this.parts.doors.pull(record.channel));
        }
      },
      ended: (record) => this.emit('pulseEnd', record),
    });
    const doors = new DoorInputs(
      layout.doorInputs,
      layout.occupancySensors,
      (input) => solenoids.energised(input),
      () => this.timers.now(),
      (change) => this.onDoorChange(change),
    );
    this.parts = {
      capabilities: this.capabilities,
      solenoids,
      doors,
      probes: new Probes(layout.probes, resolved.initialCelsius),
      commands: new CommandMemory(resolved.rememberedCommands),
    };
    this.watchdog = new WatchdogTimer(this.timers, resolved.watchdogMs, () => {
      solenoids.releaseAll('watchdog');
      this.emit('watchdog');
    });
    this.line = new BoardLine(this.timers, this.faults, {
      heard: () => this.watchdog.kick(),
      answer: (message) => answerRequest(this.parts, message),
    });
    this.line.on('traffic', (traffic) => this.emit('traffic', traffic));
    this.line.on('frameError', (error) => this.emit('frameError', error));
    this.line.on('attached', () => this.emit('attached'));
    this.line.on('detached', () => this.emit('detached'));
  }

  // --- the line -------------------------------------------------------------------------------

  /** Plugs the board into a stream; a board talks over one stream at a time. */
  attach(stream: Duplex): void {
    this.line.attach(stream);
    this.watchdog.kick();
  }

  /** Stops talking over the current stream without closing it. */
  detach(): void {
    this.line.detach();
  }

  /** The cable is pulled: the stream is destroyed under both ends. */
  disconnect(): void {
    this.line.disconnect();
  }

  get isAttached(): boolean {
    return this.line.isAttached;
  }

  isAttachedTo(stream: Duplex): boolean {
    return this.line.isAttachedTo(stream);
  }

  /** Power off: every output released, every timer stopped. */
  stop(): void {
    this.detach();
    this.parts.solenoids.releaseAll('released');
    this.watchdog.stop();
  }

  /** A board reset: outputs off, command ids forgotten, event counter back to 0. Doors stay as they are. */
  reset(): void {
    this.parts.solenoids.releaseAll('released');
    this.parts.commands.clear();
    this.eventSeq = 0;
    this.watchdog.kick();
  }

  // --- actors ---------------------------------------------------------------------------------

  /** Someone pulls door `input`; it opens only while its latch is released. Returns whether it is open. */
  openDoor(input: number): boolean {
    return this.parts.doors.pull(input);
  }

  closeDoor(input: number): void {
    this.parts.doors.push(input);
  }

  /** The door is opened without an unlock (a crowbar, a broken latch). */
  forceDoor(input: number): void {
    this.parts.doors.force(input);
  }

  setOccupancy(input: number, present: boolean): void {
    this.parts.doors.setOccupancy(input, present);
  }

  setProbe(index: number, celsius: number): void {
    this.parts.probes.set(index, celsius);
  }

  setProbeStatus(index: number, status: ProbeStatus): void {
    this.parts.probes.setStatus(index, status);
  }

  // --- observation ----------------------------------------------------------------------------

  pulses(): readonly SolenoidPulse[] {
    return this.parts.solenoids.pulses();
  }

  doorChanges(): readonly DoorChange[] {
    return this.parts.doors.changes();
  }

  isEnergised(channel: number): boolean {
    return this.parts.solenoids.energised(channel);
  }

  isDoorOpen(input: number): boolean {
    return this.parts.doors.isOpen(input);
  }

  get hostSilent(): boolean {
    return this.watchdog.expired;
  }

  stats(): BoardLineStats {
    return this.line.stats();
  }

  // --- fault knobs ----------------------------------------------------------------------------

  setFaults(settings: Partial<LineFaultSettings>): void {
    this.faults.update(settings);
  }

  clearFaults(): void {
    this.faults.reset();
  }

  /** Swallows the next `count` replies whole: the request was executed, its answer is lost. */
  dropNextReplies(count: number): void {
    this.faults.repliesToDrop += count;
  }

  goSilent(): void {
    this.faults.update({ silent: true });
  }

  resume(): void {
    this.faults.update({ silent: false });
  }

  // --- door events -------------------------------------------------------------------------------

  private onDoorChange(change: DoorChange): void {
    const boardSeq = this.eventSeq;
    this.eventSeq = (this.eventSeq + 1) & 0xffff;
    this.emit('door', { ...change, boardSeq });
    this.line.push({ type: 'DOOR_EVENT', boardSeq, input: change.input, open: change.open });
  }
}
