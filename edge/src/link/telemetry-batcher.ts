import { randomUUID } from 'node:crypto';
import type { SerialLineCounters, TelemetryMessage } from '@regiobox/contract';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { Outbox } from '../store/outbox.js';

type Sample = TelemetryMessage['samples'][number];
type DoorState = TelemetryMessage['doors'][number];

/** What the station measures right now; the batcher stamps the time. */
export interface TelemetryReadings {
  readonly probes: readonly Omit<Sample, 'at'>[];
  readonly doors: readonly DoorState[];
}

export interface TelemetryBatcherOptions {
  readonly stationId: string;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly readings: () => TelemetryReadings | Promise<TelemetryReadings>;
  /** how often one batch goes to the outbox (`mqtt.telemetryIntervalSeconds`) */
  readonly batchEveryMs: number;
  /** how often the readings are taken; default 60 s, and never less often than a batch */
  readonly sampleEveryMs?: number;
  readonly logger: Logger;
  /** serial-board stations: the line's running counters; each batch carries what changed since the last */
  readonly serialLine?: () => SerialLineCounters | undefined;
}

const MAX_SAMPLES = 2_000;
export const DEFAULT_SAMPLE_EVERY_MS = 60_000;

/**
 * Collects temperature samples in memory and writes one TelemetryMessage per interval: SD cards wear
 * and stall on many small writes, and the marketplace needs trends, not every reading at once.
 */
export class TelemetryBatcher {
  private samples: Sample[] = [];
  private doors: DoorState[] = [];
  private timers: NodeJS.Timeout[] = [];
  private sampling: Promise<void> = Promise.resolve();

  /** the line counters at the previous batch; each batch reports the difference */
  private lineAtLastBatch: SerialLineCounters | undefined;

  constructor(private readonly opts: TelemetryBatcherOptions) {}

  start(): void {
    if (this.timers.length > 0) return;
    const { batchEveryMs } = this.opts;
    // A batch interval shorter than the sample interval would send empty intervals (no batch at all):
    // every batch carries at least one sample.
    const sampleEveryMs = Math.min(this.opts.sampleEveryMs ?? DEFAULT_SAMPLE_EVERY_MS, batchEveryMs);
    this.timers = [
      setInterval(() => void this.sample(), sampleEveryMs),
      setInterval(() => this.flush(), batchEveryMs),
    ];
  }

  /** Stops the timers and writes what was collected. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.sampling;
    this.flush();
  }

  /** Takes one set of readings; a failing provider is logged and the sample skipped. */
  sample(): Promise<void> {
    this.sampling = this.sampling.then(async () => {
      try {
        const readings = await this.opts.readings();
        const at = this.opts.clock.now().toISOString();
        for (const p of readings.probes) this.samples.push({ ...p, at });
        this.doors = [...readings.doors];
        if (this.samples.length + readings.probes.length > MAX_SAMPLES) this.flush();
      } catch (e) {
        this.opts.logger.warn({ err: e }, 'telemetry readings failed');
      }
    });
    return this.sampling;
  }

  /** Appends the collected samples as one batch; returns it, or undefined when there was nothing. */
  flush(): TelemetryMessage | undefined {
    if (this.samples.length === 0 && this.doors.length === 0) return undefined;
    const message: TelemetryMessage = {
      v: 1,
      stationId: this.opts.stationId,
      batchId: randomUUID(),
      at: this.opts.clock.now().toISOString(),
      samples: this.samples.splice(0, MAX_SAMPLES),
      doors: this.doors,
      ...this.serialLineSinceLastBatch(),
    };
    this.doors = [];
    try {
      this.opts.outbox.appendTelemetry(message);
    } catch (e) {
      // Telemetry is the first thing to give up when storage fails; alarms report the fault.
      this.opts.logger.warn({ err: e, samples: message.samples.length }, 'telemetry batch dropped');
      return undefined;
    }
    return message;
  }

  private serialLineSinceLastBatch(): Pick<TelemetryMessage, 'serialLine'> {
    const now = this.opts.serialLine?.();
    if (now === undefined) return {};
    const before = this.lineAtLastBatch;
    this.lineAtLastBatch = now;
    if (before === undefined) return { serialLine: now };
    const since = (k: keyof SerialLineCounters) => Math.max(0, now[k] - before[k]);
    return {
      serialLine: {
        framesReceived: since('framesReceived'),
        framesDamaged: since('framesDamaged'),
        garbageBytes: since('garbageBytes'),
        crcErrors: since('crcErrors'),
        timeouts: since('timeouts'),
      },
    };
  }
}
