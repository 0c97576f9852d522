import { seededRandom } from '../board/random.js';
import { DayCurve } from './ambient.js';
import { ThermalCompartment, type ThermalCompartmentOptions } from './compartment.js';
import { type ThermalZone, ZONE_PRESETS } from './presets.js';
import { SimulatedProbe, type SimulatedProbeOptions, type ThermalProbeReading } from './probe.js';

export interface ThermalWorldOptions {
  readonly start: Date | string;
  readonly ambient?: DayCurve;
  /** one seed for the whole world; each probe draws from its own stream derived from it */
  readonly seed?: number;
}

/** Where simulated hardware takes probe values (the in-memory station, a simulated board adapter). */
export interface ProbeSink {
  setProbe(id: string, celsius: number | null, status: ThermalProbeReading['status']): void;
}

/**
 * A station's thermal world: ambient, compartments and their probes on one simulated clock. Time
 * moves only through `advance`, so a day of a 24-compartment wall runs in well under a second.
 */
export class ThermalWorld {
  private nowMs: number;
  private readonly ambient: DayCurve;
  private readonly seed: number;
  private readonly compartments = new Map<number, ThermalCompartment>();
  private readonly probes = new Map<string, { probe: SimulatedProbe; compartment: ThermalCompartment }>();

  constructor(options: ThermalWorldOptions) {
    this.nowMs = new Date(options.start).getTime();
    this.ambient = options.ambient ?? new DayCurve();
    this.seed = options.seed ?? 1;
  }

  get now(): Date {
    return new Date(this.nowMs);
  }

  ambientCelsius(): number {
    return this.ambient.celsiusAt(this.now);
  }

  addCompartment(
    no: number,
    zone: ThermalZone,
    overrides: Partial<ThermalCompartmentOptions> = {},
  ): ThermalCompartment {
    const model = new ThermalCompartment({ ...ZONE_PRESETS[zone], ...overrides });
    this.compartments.set(no, model);
    return model;
  }

  addProbe(probeId: string, compartmentNo: number, options?: SimulatedProbeOptions): SimulatedProbe {
    const compartment = this.compartment(compartmentNo);
    const random = seededRandom(this.seed * 1_000_003 + this.probes.size * 7919);
    const probe = new SimulatedProbe(probeId, () => compartment.airCelsius, random, options);
    this.probes.set(probeId, { probe, compartment });
    return probe;
  }

  compartment(no: number): ThermalCompartment {
    const c = this.compartments.get(no);
    if (!c) throw new RangeError(`the thermal world has no compartment ${no}`);
    return c;
  }

  probe(probeId: string): SimulatedProbe {
    const p = this.probes.get(probeId);
    if (!p) throw new RangeError(`the thermal world has no probe ${probeId}`);
    return p.probe;
  }

  /** A power cut (or its end) for the whole station: no cooling, and the probes do not answer. */
  setPowered(powered: boolean): void {
    for (const c of this.compartments.values()) c.setPowered(powered);
  }

  advance(seconds: number, stepSeconds = 1): void {
    let left = seconds;
    while (left > 1e-9) {
      const dt = Math.min(stepSeconds, left);
      const ambient = this.ambientCelsius();
      for (const c of this.compartments.values()) c.step(dt, ambient);
      for (const { probe } of this.probes.values()) probe.step(dt);
      this.nowMs += dt * 1000;
      left -= dt;
    }
  }

  /** Moves time in `intervalSeconds` steps for `durationSeconds`, yielding the time after each step. */
  *run(durationSeconds: number, intervalSeconds: number): Generator<Date> {
    for (let t = intervalSeconds; t <= durationSeconds + 1e-9; t += intervalSeconds) {
      this.advance(intervalSeconds);
      yield this.now;
    }
  }

  /** One conversion of every probe, as a thermometer driver returns it. */
  readings(): ThermalProbeReading[] {
    return [...this.probes.values()].map(({ probe, compartment }) => probe.read(compartment.isPowered));
  }

  pushTo(sink: ProbeSink): ThermalProbeReading[] {
    const readings = this.readings();
    for (const r of readings) sink.setProbe(r.probeId, r.celsius, r.status);
    return readings;
  }
}
