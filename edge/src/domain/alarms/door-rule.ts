import type { Zone } from '@regiobox/contract';
import type { AlarmSettings } from './settings.js';
import { alarmSeverity } from './severity.js';
import { type AlarmSignal, type AlarmSubject, formatDuration } from './types.js';

export interface UnlockOptions {
  /** a longer limit for this one opening, e.g. an operator cleaning the compartment */
  readonly openLimitSeconds?: number;
}

/**
 * door_left_open and door_forced for one compartment. Each unlock authorises one opening within the
 * grace time; a door that goes from known-closed to open without one was forced. A door first seen
 * open (after a start or a board reconnect) is not judged: nobody knows when it opened.
 */
export class DoorRule {
  /** true open, false closed, null unknown */
  private open: boolean | null = null;
  private openedAtMs: number | null = null;
  private openLimitMs: number;
  private unlock: { atMs: number; limitMs: number | null } | null = null;
  private leftOpenRaised = false;
  private forcedRaised = false;

  constructor(
    private readonly subject: AlarmSubject,
    private readonly zone: Zone,
    private readonly settings: AlarmSettings,
  ) {
    this.openLimitMs = settings.doorOpenLimitSeconds * 1000;
  }

  resume(kind: 'door_left_open' | 'door_forced'): void {
    if (kind === 'door_left_open') this.leftOpenRaised = true;
    else this.forcedRaised = true;
  }

  /** The station pulsed this compartment's lock for a valid reason. */
  unlocked(at: Date, options: UnlockOptions = {}): void {
    const limit = options.openLimitSeconds;
    this.unlock = { atMs: at.getTime(), limitMs: limit === undefined ? null : limit * 1000 };
  }

  /** The door switch reported a state; `null` when the board cannot tell. */
  door(at: Date, open: boolean | null): AlarmSignal[] {
    const atMs = at.getTime();
    const before = this.open;
    this.open = open;
    if (open === null || open === before) return open === true ? this.tick(at) : [];
    if (!open) return this.closed(at);

    const signals: AlarmSignal[] = [];
    const authorised =
      this.unlock !== null && atMs - this.unlock.atMs <= this.settings.unlockGraceSeconds * 1000;
    this.openLimitMs = (authorised && this.unlock?.limitMs) || this.settings.doorOpenLimitSeconds * 1000;
    if (authorised) this.unlock = null;
    // open → unknown → open is one opening (a board glitch), not a new one
    if (before !== null || this.openedAtMs === null) this.openedAtMs = atMs;
    if (before === false && !authorised && !this.forcedRaised) {
      this.forcedRaised = true;
      signals.push(this.raise('door_forced', at, 'opened without an unlock'));
    }
    return [...signals, ...this.tick(at)];
  }

  /** Time passes: a door open past its limit raises door_left_open. */
  tick(at: Date): AlarmSignal[] {
    if (this.open !== true || this.openedAtMs === null || this.leftOpenRaised) return [];
    const openMs = at.getTime() - this.openedAtMs;
    if (openMs < this.openLimitMs) return [];
    this.leftOpenRaised = true;
    return [this.raise('door_left_open', at, `open for ${formatDuration(openMs)}`)];
  }

  private closed(at: Date): AlarmSignal[] {
    this.openedAtMs = null;
    const signals: AlarmSignal[] = [];
    if (this.leftOpenRaised)
      signals.push({ type: 'clear', kind: 'door_left_open', subject: this.subject, at });
    if (this.forcedRaised) signals.push({ type: 'clear', kind: 'door_forced', subject: this.subject, at });
    this.leftOpenRaised = false;
    this.forcedRaised = false;
    return signals;
  }

  private raise(kind: 'door_left_open' | 'door_forced', at: Date, what: string): AlarmSignal {
    const detail = `compartment ${this.subject.compartment ?? '?'} (${this.zone}): door ${what}`;
    return {
      type: 'raise',
      kind,
      subject: this.subject,
      severity: alarmSeverity(kind, this.zone),
      detail,
      at,
    };
  }
}
