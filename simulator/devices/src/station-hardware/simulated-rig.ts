import { MAX_DOOR_INPUTS, MAX_LOCK_CHANNELS } from '@regiobox/firmware-proto';
import type { ProbeConfig } from '@regiobox/hardware-api';
import { SimulatedSerialBinding } from '../board/serial-binding.js';
import { type BoardEnvironment, SimulatedBoard } from '../board/simulated-board.js';
import type { DayCurve } from '../thermal/ambient.js';
import { type RigCompartment, StationThermal } from './station-thermal.js';

export interface SimulatedRigOptions {
  /** names the serial device path; any label works */
  readonly name: string;
  /** the station's compartments; without them the board has every channel and each probe its own chilled space */
  readonly compartments?: readonly RigCompartment[];
  readonly probes: readonly ProbeConfig[];
  readonly occupancySensors?: boolean;
  /** now, for the thermal model */
  readonly clock?: { now(): Date };
  readonly ambient?: DayCurve;
  readonly seed?: number;
  /** how often (real ms) the thermal model is stepped to the clock's time; default 500 */
  readonly thermalTickMs?: number;
  readonly board?: BoardEnvironment & { watchdogMs?: number; cooldownMs?: number };
}

const fallbackCompartments = (probes: readonly ProbeConfig[]): RigCompartment[] =>
  probes.map((p, i) => ({ no: 1000 + i, lockChannel: -1, doorInput: -1, zone: 'chilled', probes: [p.id] }));

/**
 * The physical side of one simulated station: the lock board, the serial "cable" (an in-process
 * serialport binding with the board plugged in at `path`) and the thermal world around it. It
 * outlives station restarts, as real hardware outlives a crashed station process.
 */
export class SimulatedRig {
  readonly board: SimulatedBoard;
  readonly binding = new SimulatedSerialBinding();
  readonly path: string;
  readonly thermal: StationThermal;
  private readonly clock: { now(): Date };
  private timer: NodeJS.Timeout | null = null;
  private users = 0;

  constructor(readonly options: SimulatedRigOptions) {
    const compartments = options.compartments ?? [];
    const maxOf = (values: number[], fallback: number) =>
      values.length === 0 ? fallback : Math.max(...values) + 1;
    const boardIndices = options.probes.flatMap((p) => (p.boardIndex === undefined ? [] : [p.boardIndex]));
    this.board = new SimulatedBoard(
      {
        lockChannels: maxOf(
          compartments.map((c) => c.lockChannel),
          MAX_LOCK_CHANNELS,
        ),
        doorInputs: maxOf(
          compartments.map((c) => c.doorInput),
          MAX_DOOR_INPUTS,
        ),
        probes: maxOf(boardIndices, 0),
        occupancySensors: options.occupancySensors ?? true,
        ...(options.board?.watchdogMs === undefined ? {} : { watchdogMs: options.board.watchdogMs }),
        ...(options.board?.cooldownMs === undefined ? {} : { cooldownMs: options.board.cooldownMs }),
      },
      { timers: options.board?.timers, random: options.board?.random },
    );
    this.path = `/dev/regiobox-sim/${options.name}`;
    this.binding.plug(this.path, this.board);
    this.clock = options.clock ?? { now: () => new Date() };
    this.thermal = new StationThermal(
      this.board,
      options.compartments ?? fallbackCompartments(options.probes),
      options.probes,
      { start: this.clock.now(), ambient: options.ambient, seed: options.seed },
    );
  }

  /** Steps the thermal model to the clock's time now (the timer does this on its own while running). */
  step(): void {
    this.thermal.advanceTo(this.clock.now());
  }

  /** Starts stepping the thermal model; counted, so a station restart does not stop the world. */
  run(): void {
    this.users += 1;
    if (this.timer) return;
    this.timer = setInterval(() => this.step(), this.options.thermalTickMs ?? 500);
    this.timer.unref();
  }

  pause(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }

  /** The USB cable is pulled: the port fails under the station, and the path is gone until `replug`. */
  unplug(): void {
    this.binding.unplug(this.path);
  }

  replug(): void {
    if (!this.binding.isPlugged(this.path)) this.binding.plug(this.path, this.board);
  }

  /** Powers the board off and stops the world; the rig is unusable afterwards. */
  shutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.users = 0;
    this.thermal.close();
    this.unplug();
    this.board.stop();
  }
}
