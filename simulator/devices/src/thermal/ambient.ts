export interface DayCurveOptions {
  /** daily mean, °C; 12 °C is a mild German spring or autumn day outdoors */
  readonly meanCelsius?: number;
  /** half the difference between the warmest and the coldest hour */
  readonly amplitudeCelsius?: number;
  /** the warmest hour of the day, in UTC (mid-afternoon local time in Central Europe is about 14 UTC) */
  readonly peakHourUtc?: number;
}

/**
 * Ambient temperature around the station: a sinusoid over the day, warmest mid-afternoon and
 * coldest before dawn. Deterministic, so that a scenario replays exactly.
 */
export class DayCurve {
  readonly meanCelsius: number;
  readonly amplitudeCelsius: number;
  readonly peakHourUtc: number;

  constructor(options: DayCurveOptions = {}) {
    this.meanCelsius = options.meanCelsius ?? 12;
    this.amplitudeCelsius = options.amplitudeCelsius ?? 6;
    this.peakHourUtc = options.peakHourUtc ?? 14;
  }

  celsiusAt(at: Date): number {
    const hour = (at.getTime() / 3_600_000) % 24;
    return (
      this.meanCelsius + this.amplitudeCelsius * Math.cos((2 * Math.PI * (hour - this.peakHourUtc)) / 24)
    );
  }
}

/** A station indoors (a village hall, a farm shop): warm and steady. */
export const INDOOR = new DayCurve({ meanCelsius: 20, amplitudeCelsius: 1.5 });
