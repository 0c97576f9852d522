import type { ProbeConfig } from '@regiobox/hardware-api';
import type { SimulatedBoard } from '../board/simulated-board.js';
import type { DayCurve } from '../thermal/ambient.js';
import type { GoodsLoad, ThermalCompartment } from '../thermal/compartment.js';
import type { ThermalZone } from '../thermal/presets.js';
import type { ProbeFault, ThermalProbeReading } from '../thermal/probe.js';
import { ThermalWorld } from '../thermal/world.js';

/** What the thermal coupling needs of a compartment (a subset of edge's CompartmentConfig). */
export interface RigCompartment {
  readonly no: number;
  readonly lockChannel: number;
  readonly doorInput: number;
  readonly zone: ThermalZone;
  readonly probes: readonly string[];
}

export interface StationThermalOptions {
  readonly start: Date;
  readonly ambient?: DayCurve;
  readonly seed?: number;
}

/** The thermal model's key for probes not tied to any compartment (room air). */
const ROOM = 0;

/**
 * A station's thermal world coupled to its board: compartments that share a probe are one cooled
 * space (one thermal compartment), an open door on the board lets heat in, and every step writes
 * the probes' readings into the board's probe slots, where the station reads them over the line.
 */
export class StationThermal {
  readonly world: ThermalWorld;
  private readonly spaceOf = new Map<number, number>();
  private readonly spaceOfInput = new Map<number, number>();
  private readonly openInputs = new Map<number, Set<number>>();
  private readonly boardIndexOf = new Map<string, number>();
  private readonly detach: () => void;
  private last: readonly ThermalProbeReading[] = [];

  constructor(
    private readonly board: SimulatedBoard,
    compartments: readonly RigCompartment[],
    probes: readonly ProbeConfig[],
    options: StationThermalOptions,
  ) {
    this.world = new ThermalWorld({ start: options.start, ambient: options.ambient, seed: options.seed });
    const spaceOfProbe = new Map<string, number>();
    for (const c of [...compartments].sort((a, b) => a.no - b.no)) {
      const first = c.probes[0];
      const shared = first === undefined ? undefined : spaceOfProbe.get(first);
      const space = shared ?? c.no;
      if (shared === undefined) this.world.addCompartment(space, c.zone);
      for (const p of c.probes) if (!spaceOfProbe.has(p)) spaceOfProbe.set(p, space);
      this.spaceOf.set(c.no, space);
      this.spaceOfInput.set(c.doorInput, space);
    }
    for (const p of probes) {
      let space = spaceOfProbe.get(p.id);
      if (space === undefined) {
        space = ROOM;
        // room air: no cooling, follows the ambient closely
        if (!this.hasSpace(ROOM))
          this.world.addCompartment(ROOM, 'ambient', { initialCelsius: this.world.ambientCelsius() });
      }
      this.world.addProbe(p.id, space);
      if (p.boardIndex !== undefined) this.boardIndexOf.set(p.id, p.boardIndex);
    }
    const onDoor = (change: { input: number; open: boolean }) => this.onDoor(change.input, change.open);
    board.on('door', onDoor);
    this.detach = () => board.off('door', onDoor);
    this.pushToBoard();
  }

  get now(): Date {
    return this.world.now;
  }

  /** The thermal compartment (cooled space) that compartment `no` belongs to. */
  space(no: number): ThermalCompartment {
    const space = this.spaceOf.get(no);
    if (space === undefined) throw new RangeError(`no compartment ${no} in the thermal model`);
    return this.world.compartment(space);
  }

  /** Moves the thermal model to `at` (never backwards) and writes the probes into the board. */
  advanceTo(at: Date): void {
    const seconds = (at.getTime() - this.world.now.getTime()) / 1000;
    if (seconds > 0) this.world.advance(seconds, Math.max(1, seconds / 300));
    this.pushToBoard();
  }

  loadGoods(no: number, goods: GoodsLoad): void {
    this.space(no).load(goods);
  }

  unloadGoods(no: number, goodsId: string): void {
    this.space(no).unload(goodsId);
  }

  /** 0 = the cooling unit of `no`'s space failed, 1 = healthy. */
  setCoolingCapacity(no: number, fraction: number): void {
    this.space(no).setCoolingCapacity(fraction);
  }

  setPowered(powered: boolean): void {
    this.world.setPowered(powered);
    this.pushToBoard();
  }

  injectProbeFault(probeId: string, fault: ProbeFault | null): void {
    this.world.probe(probeId).inject(fault);
    this.pushToBoard();
  }

  /** The air temperature of compartment `no`'s space, as the model knows it (not as a probe reads it). */
  airCelsius(no: number): number {
    return this.space(no).airCelsius;
  }

  close(): void {
    this.detach();
  }

  private hasSpace(key: number): boolean {
    try {
      this.world.compartment(key);
      return true;
    } catch {
      return false;
    }
  }

  private onDoor(input: number, open: boolean): void {
    const space = this.spaceOfInput.get(input);
    if (space === undefined) return;
    const inputs = this.openInputs.get(space) ?? new Set<number>();
    this.openInputs.set(space, inputs);
    if (open) inputs.add(input);
    else inputs.delete(input);
    const model = this.world.compartment(space);
    if (inputs.size > 0) model.openDoor();
    else model.closeDoor();
  }

  /** What the probes read at the last step: exactly what the board gave the station. */
  latest(): readonly ThermalProbeReading[] {
    return this.last;
  }

  private pushToBoard(): void {
    this.last = this.world.readings();
    for (const r of this.last) {
      const index = this.boardIndexOf.get(r.probeId);
      if (index === undefined) continue;
      if (r.status === 'ok' && r.celsius !== null) this.board.setProbe(index, r.celsius);
      else this.board.setProbeStatus(index, r.status);
    }
  }
}
