import type { AlarmSettings } from './settings.js';
import { alarmSeverity } from './severity.js';
import { type AlarmSignal, formatDuration, STATION_WIDE } from './types.js';

/**
 * wrong_codes: someone keeps guessing. One lockout is a customer with a typo; several within the
 * window are a pattern an operator should see. Clears after a whole window without a lockout.
 */
export class WrongCodesRule {
  private lockoutsAtMs: number[] = [];
  private raised = false;

  constructor(private readonly settings: AlarmSettings) {}

  /** After a restart the quiet window counts from now. */
  resume(at: Date): void {
    this.raised = true;
    this.lockoutsAtMs = [at.getTime()];
  }

  /** The code check locked the keypad (a `code.rejected` with `lockedForMs` > 0). */
  lockout(at: Date): AlarmSignal[] {
    this.lockoutsAtMs.push(at.getTime());
    return this.tick(at);
  }

  tick(at: Date): AlarmSignal[] {
    const windowMs = this.settings.wrongCodeWindowSeconds * 1000;
    this.lockoutsAtMs = this.lockoutsAtMs.filter((t) => at.getTime() - t < windowMs);
    const n = this.lockoutsAtMs.length;
    if (!this.raised && n >= this.settings.wrongCodeLockouts) {
      this.raised = true;
      const detail = `${n} code lockouts within ${formatDuration(windowMs)}`;
      return [
        {
          type: 'raise',
          kind: 'wrong_codes',
          subject: STATION_WIDE,
          severity: alarmSeverity('wrong_codes'),
          detail,
          at,
        },
      ];
    }
    if (this.raised && n === 0) {
      this.raised = false;
      return [{ type: 'clear', kind: 'wrong_codes', subject: STATION_WIDE, at }];
    }
    return [];
  }
}
