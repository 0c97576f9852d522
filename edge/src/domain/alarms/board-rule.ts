import type { AlarmSettings } from './settings.js';
import { alarmSeverity } from './severity.js';
import { type AlarmSignal, formatDuration, STATION_WIDE } from './types.js';

/**
 * board_unreachable: the lock/sensor board (or GPIO) has not answered for longer than the driver's
 * own retries take. Station-wide; clears on the first healthy report.
 */
export class BoardRule {
  private unreachableSinceMs: number | null = null;
  private detail = '';
  private raised = false;

  constructor(private readonly settings: AlarmSettings) {}

  resume(): void {
    this.raised = true;
  }

  health(at: Date, reachable: boolean, detail = ''): AlarmSignal[] {
    if (reachable) {
      this.unreachableSinceMs = null;
      if (!this.raised) return [];
      this.raised = false;
      return [{ type: 'clear', kind: 'board_unreachable', subject: STATION_WIDE, at }];
    }
    this.unreachableSinceMs ??= at.getTime();
    this.detail = detail;
    return this.tick(at);
  }

  tick(at: Date): AlarmSignal[] {
    if (this.raised || this.unreachableSinceMs === null) return [];
    const forMs = at.getTime() - this.unreachableSinceMs;
    if (forMs < this.settings.boardUnreachableAfterSeconds * 1000) return [];
    this.raised = true;
    const why = this.detail ? `: ${this.detail}` : '';
    return [
      {
        type: 'raise',
        kind: 'board_unreachable',
        subject: STATION_WIDE,
        severity: alarmSeverity('board_unreachable'),
        detail: `board unreachable for ${formatDuration(forMs)}${why}`,
        at,
      },
    ];
  }
}
