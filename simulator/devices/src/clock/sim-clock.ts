import { setTimeout as sleepReal } from 'node:timers/promises';

/** What a scaled clock needs to be rebuilt identically in another process (a station child). */
export interface SimClockParams {
  /** simulated wall time at `realEpochMs`, ms since 1970 */
  readonly simEpochMs: number;
  /** the real wall time (Date.now()) at which the simulation started */
  readonly realEpochMs: number;
  /** simulated seconds per real second */
  readonly speed: number;
}

/**
 * Simulated time that runs `speed` times faster than real time, from a chosen start. It serves as
 * edge's Clock (now + monotonic) and the bridge's Clock, so one scenario's stations, bridge, actors and
 * thermal worlds agree on the time. Processes rebuild it from the same params and agree too, because
 * it is a pure function of the real wall clock. Network, serial and MQTT timing stay real: only what
 * reads this clock (deadlines, alarm delays, door timeouts, the thermal model) is accelerated.
 */
export class SimClock {
  readonly params: SimClockParams;
  private readonly perfEpoch: number;

  constructor(params: Partial<SimClockParams> & { start?: Date | string } = {}) {
    const speed = params.speed ?? 1;
    if (!(speed > 0 && speed <= 10_000)) throw new RangeError(`speed must be in (0, 10000], got ${speed}`);
    const realEpochMs = params.realEpochMs ?? Date.now();
    const simEpochMs =
      params.simEpochMs ?? (params.start !== undefined ? new Date(params.start).getTime() : realEpochMs);
    this.params = { simEpochMs, realEpochMs, speed };
    // monotonic time starts where the wall clock says the simulation is, so restarts continue it
    this.perfEpoch = performance.now() - (Date.now() - realEpochMs);
  }

  get speed(): number {
    return this.params.speed;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    const { simEpochMs, realEpochMs, speed } = this.params;
    return simEpochMs + (Date.now() - realEpochMs) * speed;
  }

  monotonicMs(): number {
    return (performance.now() - this.perfEpoch) * this.params.speed;
  }

  /** Real milliseconds that `simMs` of simulated time take. */
  realMs(simMs: number): number {
    return simMs / this.params.speed;
  }

  /** Waits `simMs` of simulated time; an aborted signal rejects with an AbortError. */
  async sleep(simMs: number, signal?: AbortSignal): Promise<void> {
    await sleepReal(Math.max(0, this.realMs(simMs)), undefined, signal ? { signal } : undefined);
  }
}
