import type { ProbeReading, StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { StationEvents } from '../station/events.js';
import type { Db } from '../store/database.js';
import { StorageError } from '../store/database.js';
import { SampleBuffer, type SampleLimits, SampleStore } from '../store/samples.js';

export interface ProbeSamplerDeps {
  readonly db: Db;
  readonly hardware: StationHardware;
  readonly events: StationEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  /** the limits in force for the compartment a probe measures; stored with each sample */
  readonly limitsOf?: (probeId: string) => SampleLimits | undefined;
  /** a van's position now (null without a fresh fix); stored with each sample for the HACCP log */
  readonly positionNow?: () => { readonly lat: number; readonly lon: number } | null;
}

const faulty = (rs: readonly ProbeReading[]) =>
  rs
    .filter((r) => r.status !== 'ok')
    .map((r) => r.probeId)
    .join(',');

/**
 * Reads every probe once a cycle, writes the samples in batches (SD cards are slow to fsync) and
 * puts the readings on the bus for the alarm rules and the cold chain.
 */
export class ProbeSampler {
  private readonly samples: SampleBuffer;
  private sampling: Promise<void> = Promise.resolve();
  private latest: ProbeReading[] = [];

  constructor(private readonly deps: ProbeSamplerDeps) {
    this.samples = new SampleBuffer(new SampleStore(deps.db), {
      maxSamples: 200,
      maxAgeMs: 60_000,
      onError: (err) => {
        deps.logger.error({ err }, 'sample batch not written');
        const error = err instanceof Error ? err : new StorageError(String(err));
        deps.events.notify({ type: 'storage_fault', error, at: deps.clock.now() });
      },
    });
  }

  /** Latest readings, for telemetry and the state message. */
  readings(): readonly ProbeReading[] {
    return this.latest;
  }

  /** One sampling cycle; cycles never overlap. */
  sample(): Promise<void> {
    this.sampling = this.sampling
      .then(() => this.sampleOnce())
      .catch((err) => {
        this.deps.logger.error({ err }, 'sampling failed');
      });
    return this.sampling;
  }

  /** Writes the samples waiting in memory (the daily summary counts what was sampled up to now). */
  flush(): void {
    this.samples.flush();
  }

  async stop(): Promise<void> {
    await this.sampling;
    this.samples.close();
  }

  private async sampleOnce(): Promise<void> {
    const { hardware, clock, events } = this.deps;
    let readings: ProbeReading[];
    try {
      readings = await hardware.thermometers.read();
    } catch {
      // board unreachable: the board rule raises that; the probes are unknown, not missing
      events.emit('probes.read', { at: clock.now(), readings: null });
      return;
    }
    const at = clock.now();
    const probesChanged = faulty(this.latest) !== faulty(readings);
    this.latest = readings;
    if (probesChanged) events.emit('health.changed', { part: 'probes' });
    const position = this.deps.positionNow?.() ?? null;
    for (const r of readings) {
      const limits = this.deps.limitsOf?.(r.probeId);
      this.samples.add({
        probeId: r.probeId,
        at: at.toISOString(),
        celsius: r.celsius,
        status: r.status,
        ...(limits ? { limits } : {}),
        ...(position ? { position: { lat: position.lat, lon: position.lon } } : {}),
      });
    }
    events.emit('probes.read', { at, readings });
  }
}
