import type { AlarmKind, AlarmSeverity } from '@regiobox/contract';
import type { z } from 'zod';

export type AlarmKindName = z.infer<typeof AlarmKind>;
export type AlarmSeverityName = z.infer<typeof AlarmSeverity>;

/** What an alarm is about. Together with the kind it names one episode: at most one is active. */
export interface AlarmSubject {
  readonly compartment: number | null;
  readonly probeId: string | null;
}

export const STATION_WIDE: AlarmSubject = { compartment: null, probeId: null };

/**
 * A rule's verdict. Rules say "this condition started" or "it ended"; the AlarmBook turns that
 * into at most one raised and one cleared alarm per episode, whatever the rules repeat.
 */
export type AlarmSignal =
  | {
      readonly type: 'raise';
      readonly kind: AlarmKindName;
      readonly subject: AlarmSubject;
      readonly severity: AlarmSeverityName;
      readonly detail: string;
      readonly at: Date;
    }
  | {
      readonly type: 'clear';
      readonly kind: AlarmKindName;
      readonly subject: AlarmSubject;
      readonly at: Date;
      /** how it ended, for the cleared event; most rules have nothing to add */
      readonly detail?: string;
    };

export const episodeKey = (kind: AlarmKindName, subject: AlarmSubject): string =>
  `${kind}|${subject.compartment ?? '-'}|${subject.probeId ?? '-'}`;

/** °C with one decimal, the way an operator reads it. */
export const formatCelsius = (c: number): string => `${(Math.round(c * 10) / 10).toFixed(1)} °C`;

/** A duration the way an operator reads it: "45 s", "12 min", "3 h 5 min". */
export const formatDuration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
};
