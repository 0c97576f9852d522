import type { EventBody } from '@regiobox/contract';
import { AlarmError } from './errors.js';
import {
  type AlarmKindName,
  type AlarmSeverityName,
  type AlarmSignal,
  type AlarmSubject,
  episodeKey,
} from './types.js';

export interface AlarmRecord {
  readonly alarmId: string;
  readonly kind: AlarmKindName;
  readonly severity: AlarmSeverityName;
  readonly compartment: number | null;
  readonly probeId: string | null;
  readonly detail: string;
  readonly raisedAt: Date;
  readonly clearedAt: Date | null;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  readonly note: string | null;
}

export type AlarmEvent = Extract<
  EventBody,
  { type: 'alarm.raised' | 'alarm.cleared' | 'alarm.acknowledged' }
>;

/** One change of one alarm: the record as it is now and the event that tells the marketplace. */
export interface AlarmTransition {
  readonly alarm: AlarmRecord;
  readonly event: AlarmEvent;
  readonly at: Date;
}

/**
 * The station's alarms. Whatever the rules repeat, an episode (kind + subject) is raised once and
 * cleared once. An alarm stays outstanding until it is both cleared and acknowledged, as on a
 * control-room panel: an operator sees an alarm that came and went while nobody looked.
 */
export class AlarmBook {
  private readonly records = new Map<string, AlarmRecord>();
  private readonly activeByEpisode = new Map<string, string>();

  /** `outstanding`: what the store still holds open after a restart. */
  constructor(
    private readonly newId: () => string,
    outstanding: readonly AlarmRecord[] = [],
  ) {
    for (const r of outstanding) {
      this.records.set(r.alarmId, r);
      if (r.clearedAt === null) this.activeByEpisode.set(episodeKey(r.kind, subjectOf(r)), r.alarmId);
    }
  }

  /** A copy to plan on; the store swaps it in once its transaction has committed. */
  clone(): AlarmBook {
    return new AlarmBook(this.newId, [...this.records.values()]);
  }

  /** Null when the signal changes nothing: a raise of an active episode, a clear of none. */
  apply(signal: AlarmSignal): AlarmTransition | null {
    const key = episodeKey(signal.kind, signal.subject);
    const activeId = this.activeByEpisode.get(key);
    if (signal.type === 'raise') {
      if (activeId !== undefined) return null;
      const alarm: AlarmRecord = {
        alarmId: this.newId(),
        kind: signal.kind,
        severity: signal.severity,
        compartment: signal.subject.compartment,
        probeId: signal.subject.probeId,
        detail: signal.detail,
        raisedAt: signal.at,
        clearedAt: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        note: null,
      };
      this.records.set(alarm.alarmId, alarm);
      this.activeByEpisode.set(key, alarm.alarmId);
      const { alarmId, kind, severity, compartment, probeId, detail } = alarm;
      const event: AlarmEvent = {
        type: 'alarm.raised',
        alarmId,
        kind,
        severity,
        compartment,
        probeId,
        detail,
      };
      return { alarm, event, at: signal.at };
    }
    const current = activeId === undefined ? undefined : this.records.get(activeId);
    if (!current) return null;
    this.activeByEpisode.delete(key);
    const alarm = this.settle({ ...current, clearedAt: signal.at });
    return {
      alarm,
      event: {
        type: 'alarm.cleared',
        alarmId: alarm.alarmId,
        kind: alarm.kind,
        ...(signal.detail ? { detail: signal.detail } : {}),
      },
      at: signal.at,
    };
  }

  applyAll(signals: readonly AlarmSignal[]): AlarmTransition[] {
    return signals.map((s) => this.apply(s)).filter((t): t is AlarmTransition => t !== null);
  }

  /**
   * An operator has seen the alarm. Null when it was already acknowledged (a repeated command);
   * UNKNOWN_ALARM when the id is not outstanding.
   */
  acknowledge(alarmId: string, by: string, note: string, at: Date): AlarmTransition | null {
    const current = this.records.get(alarmId);
    if (!current) throw new AlarmError('UNKNOWN_ALARM', `no outstanding alarm ${alarmId}`);
    if (current.acknowledgedAt !== null) return null;
    const alarm = this.settle({ ...current, acknowledgedAt: at, acknowledgedBy: by, note });
    return { alarm, event: { type: 'alarm.acknowledged', alarmId, by, note }, at };
  }

  get(alarmId: string): AlarmRecord | undefined {
    return this.records.get(alarmId);
  }

  /** Not yet both cleared and acknowledged, oldest first: the dashboard's list and the state message's. */
  outstanding(): AlarmRecord[] {
    return [...this.records.values()].sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime());
  }

  /** Raised and not yet cleared: the rules resume these after a restart. */
  active(): AlarmRecord[] {
    return this.outstanding().filter((r) => r.clearedAt === null);
  }

  private settle(alarm: AlarmRecord): AlarmRecord {
    if (alarm.clearedAt !== null && alarm.acknowledgedAt !== null) this.records.delete(alarm.alarmId);
    else this.records.set(alarm.alarmId, alarm);
    return alarm;
  }
}

const subjectOf = (r: AlarmRecord): AlarmSubject => ({ compartment: r.compartment, probeId: r.probeId });
