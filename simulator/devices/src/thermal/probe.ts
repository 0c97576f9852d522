import type { RandomSource } from '../board/random.js';

/** What a station's thermometer driver returns for one probe (the shape of edge's ProbeReading). */
export interface ThermalProbeReading {
  readonly probeId: string;
  readonly celsius: number | null;
  readonly status: 'ok' | 'missing' | 'fault';
}

export interface SimulatedProbeOptions {
  /** the probe's own lag behind the air (a DS18B20 in a steel sleeve), s */
  readonly timeConstantSeconds?: number;
  /** standard deviation of the measuring noise, °C */
  readonly noiseCelsius?: number;
  /** the sensor's resolution; 12-bit DS18B20 = 1/16 °C */
  readonly resolutionCelsius?: number;
}

export type ProbeFault =
  | { readonly kind: 'stuck' }
  | { readonly kind: 'missing' }
  /** more noise, and with `glitchChance` per reading a jump of 20–40 K (a bad contact on a long bus) */
  | { readonly kind: 'noisy'; readonly noiseCelsius: number; readonly glitchChance?: number };

/** Standard normal from two uniforms (Box–Muller). */
const gaussian = (random: RandomSource): number => {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
};

/**
 * A temperature probe in a compartment: it lags the air, adds seeded noise, rounds to its
 * resolution, and can fail the ways real probes do — stuck on one value, missing, noisy.
 */
export class SimulatedProbe {
  private sensed: number;
  private fault: ProbeFault | null = null;
  private stuckAt: number | null = null;
  private readonly tau: number;
  private readonly noise: number;
  private readonly resolution: number;

  constructor(
    readonly probeId: string,
    private readonly air: () => number,
    private readonly random: RandomSource,
    options: SimulatedProbeOptions = {},
  ) {
    this.sensed = air();
    this.tau = options.timeConstantSeconds ?? 20;
    this.noise = options.noiseCelsius ?? 0.04;
    this.resolution = options.resolutionCelsius ?? 0.0625;
  }

  get currentFault(): ProbeFault | null {
    return this.fault;
  }

  inject(fault: ProbeFault | null): void {
    this.fault = fault;
    this.stuckAt = fault?.kind === 'stuck' ? this.measure(this.noise) : null;
  }

  step(dtSeconds: number): void {
    // exact first-order response to the air over the step
    this.sensed += (this.air() - this.sensed) * (1 - Math.exp(-dtSeconds / this.tau));
  }

  /** One conversion. `powered` false: the board is off and the probe does not answer. */
  read(powered = true): ThermalProbeReading {
    const f = this.fault;
    if (!powered || f?.kind === 'missing') return { probeId: this.probeId, celsius: null, status: 'missing' };
    if (f?.kind === 'stuck' && this.stuckAt !== null)
      return { probeId: this.probeId, celsius: this.stuckAt, status: 'ok' };
    let celsius = this.measure(f?.kind === 'noisy' ? f.noiseCelsius : this.noise);
    if (f?.kind === 'noisy' && this.random() < (f.glitchChance ?? 0)) {
      const jump = 20 + 20 * this.random();
      celsius = this.round(celsius + (this.random() < 0.5 ? -jump : jump));
    }
    return { probeId: this.probeId, celsius, status: 'ok' };
  }

  private measure(noise: number): number {
    return this.round(this.sensed + noise * gaussian(this.random));
  }

  private round(c: number): number {
    return Math.round(c / this.resolution) * this.resolution;
  }
}
