import type { BoardDoorEvent, SimClock, SolenoidPulse } from '@regiobox/simulated-devices';
import type { HostedStation } from '../station/hosted-station.js';

export interface RecordedDoor {
  readonly input: number;
  readonly open: boolean;
  readonly cause: BoardDoorEvent['cause'];
  readonly at: number;
}

export interface RecordedPulse {
  readonly channel: number;
  readonly at: number;
}

export interface RecordedReading {
  readonly at: number;
  readonly celsius: number | null;
}

/** What physically happened at one station, in simulated time: the ground truth for the checks. */
export class StationTruth {
  readonly doors: RecordedDoor[] = [];
  readonly pulses: RecordedPulse[] = [];
  readonly readings = new Map<string, RecordedReading[]>();
}

/**
 * Watches every station's board (pulses, door movements with their cause) and samples what the
 * probes read, stamping everything with simulated time.
 */
export class Recorder {
  private readonly truth = new Map<string, StationTruth>();
  private readonly stops: (() => void)[] = [];
  private readonly samplers: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly clock: SimClock) {}

  of(stationId: string): StationTruth {
    let t = this.truth.get(stationId);
    if (!t) {
      t = new StationTruth();
      this.truth.set(stationId, t);
    }
    return t;
  }

  watch(station: HostedStation): void {
    const truth = this.of(station.stationId);
    const board = station.rig.board;
    const onDoor = (d: BoardDoorEvent) =>
      truth.doors.push({ input: d.input, open: d.open, cause: d.cause, at: this.clock.nowMs() });
    const onPulse = (p: SolenoidPulse) => truth.pulses.push({ channel: p.channel, at: this.clock.nowMs() });
    board.on('door', onDoor);
    board.on('pulse', onPulse);
    this.stops.push(() => {
      board.off('door', onDoor);
      board.off('pulse', onPulse);
    });
    const sample = () => {
      const at = this.clock.nowMs();
      for (const r of station.rig.thermal.latest()) {
        const series = truth.readings.get(r.probeId) ?? [];
        truth.readings.set(r.probeId, series);
        series.push({ at, celsius: r.celsius });
      }
    };
    this.samplers.push(sample);
    sample();
    if (!this.timer) {
      this.timer = setInterval(() => {
        for (const s of this.samplers) s();
      }, 500);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const s of this.stops.splice(0)) s();
  }
}
