import type { AlarmSettings } from './settings.js';
import { alarmSeverity } from './severity.js';
import { type AlarmSignal, STATION_WIDE } from './types.js';

/** The serial driver's counters since it started (over every reconnect); they only grow. */
export interface LineCounters {
  readonly framesDamaged: number;
  readonly garbageBytes: number;
  readonly crcErrors: number;
}

interface Sample extends LineCounters {
  readonly atMs: number;
}

/** A line clears at a fifth of the raising rate: one hovering at the threshold does not flap. */
const CLEAR_FRACTION = 5;

/**
 * serial_line_noisy: frames on the board's serial line are being thrown away. Each tick brings the
 * driver's running totals; the rule judges how many frames were damaged within the last window,
 * raises once at `serialLineNoisyFrames` and clears once when the window holds at most a fifth of
 * that. Station-wide; a line without any traffic (board unplugged) counts no damage and clears.
 */
export class LineNoiseRule {
  private samples: Sample[] = [];
  private raised = false;

  constructor(private readonly settings: AlarmSettings) {}

  get noisy(): boolean {
    return this.raised;
  }

  resume(): void {
    this.raised = true;
  }

  /** `counters` undefined: the driver has no serial line (GPIO). */
  line(at: Date, counters: LineCounters | undefined): AlarmSignal[] {
    if (counters === undefined) return [];
    const atMs = at.getTime();
    const windowMs = this.settings.serialLineWindowSeconds * 1000;
    this.samples.push({ atMs, ...counters });
    // keep one sample at or before the window's start as the baseline, drop the older ones
    while ((this.samples[1]?.atMs ?? Number.POSITIVE_INFINITY) <= atMs - windowMs) this.samples.shift();
    const base = this.samples[0] as Sample;
    const damaged = Math.max(0, counters.framesDamaged - base.framesDamaged);
    const threshold = this.settings.serialLineNoisyFrames;
    if (!this.raised && damaged >= threshold) {
      this.raised = true;
      const garbage = Math.max(0, counters.garbageBytes - base.garbageBytes);
      const crc = Math.max(0, counters.crcErrors - base.crcErrors);
      const seconds = Math.round((atMs - base.atMs) / 1000);
      return [
        {
          type: 'raise',
          kind: 'serial_line_noisy',
          subject: STATION_WIDE,
          severity: alarmSeverity('serial_line_noisy'),
          detail: `${damaged} damaged frames (${garbage} bytes of garbage, ${crc} CRC errors) on the board's serial line within ${seconds} s`,
          at,
        },
      ];
    }
    if (this.raised && damaged <= Math.floor(threshold / CLEAR_FRACTION)) {
      this.raised = false;
      return [
        {
          type: 'clear',
          kind: 'serial_line_noisy',
          subject: STATION_WIDE,
          at,
          detail: `${damaged} damaged frames within the last ${this.settings.serialLineWindowSeconds} s`,
        },
      ];
    }
    return [];
  }
}
