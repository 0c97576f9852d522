import { randomUUID } from 'node:crypto';
import { AlarmKind, AlarmSeverity } from '@regiobox/contract';
import { z } from 'zod';
import { AlarmBook, type AlarmRecord, type AlarmTransition } from '../../domain/alarms/alarm-book.js';
import { AlarmError } from '../../domain/alarms/errors.js';
import type { AlarmSignal } from '../../domain/alarms/types.js';
import { type Db, StorageError } from '../database.js';
import type { Outbox } from '../outbox.js';
import { inOneTransaction } from './transaction.js';

const COLUMNS = `alarm_id AS alarmId, kind, severity, compartment_no AS compartment, probe_id AS probeId, detail,
  raised_at AS raisedAt, cleared_at AS clearedAt, acknowledged_at AS acknowledgedAt,
  acknowledged_by AS acknowledgedBy, ack_note AS note`;

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** A row as SQLite returns it; parsed, because a database file can be older than the code. */
const AlarmRow = z.object({
  alarmId: z.string(),
  kind: AlarmKind,
  severity: AlarmSeverity,
  compartment: z.number().int().nullable(),
  probeId: z.string().nullable(),
  detail: z.string(),
  raisedAt: isoDate,
  clearedAt: isoDate.nullable(),
  acknowledgedAt: isoDate.nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});

const toRecord = (row: unknown): AlarmRecord => {
  const parsed = AlarmRow.safeParse(row);
  if (!parsed.success) throw new StorageError(`damaged alarm row: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * The station's alarms in SQLite. Each change is written with its outbox event in one transaction
 * (synchronous=FULL when it is the outermost one): an alarm the marketplace hears of is on disk,
 * and an alarm on disk is on its way to the marketplace.
 */
export class AlarmStore {
  private book: AlarmBook;
  private readonly upsert;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly newId: () => string = randomUUID,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO alarms (alarm_id, kind, severity, compartment_no, probe_id, detail, raised_at, cleared_at,
                          acknowledged_at, acknowledged_by, ack_note)
      VALUES (@alarmId, @kind, @severity, @compartment, @probeId, @detail, @raisedAt, @clearedAt,
              @acknowledgedAt, @acknowledgedBy, @note)
      ON CONFLICT (alarm_id) DO UPDATE SET cleared_at = excluded.cleared_at,
        acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
        ack_note = excluded.ack_note`);
    this.book = this.load();
  }

  /** Re-reads the outstanding alarms: after an enclosing transaction of the caller rolled back. */
  reload(): void {
    this.book = this.load();
  }

  /**
   * Applies the rules' signals; returns what changed (already in the outbox). Repeated raises of an
   * active episode and clears of none change nothing and write nothing.
   */
  apply(signals: readonly AlarmSignal[]): AlarmTransition[] {
    if (signals.length === 0) return [];
    const draft = this.book.clone();
    const transitions = draft.applyAll(signals);
    if (transitions.length === 0) return [];
    this.write(transitions);
    this.book = draft;
    return transitions;
  }

  /**
   * The ack_alarm command. Null when the alarm was already acknowledged (also after it has been
   * settled and left the outstanding list): a repeated command is not an error. UNKNOWN_ALARM otherwise.
   */
  acknowledge(alarmId: string, by: string, note: string, at: Date): AlarmTransition | null {
    const draft = this.book.clone();
    let transition: AlarmTransition | null;
    try {
      transition = draft.acknowledge(alarmId, by, note, at);
    } catch (err) {
      if (err instanceof AlarmError && this.find(alarmId)?.acknowledgedAt) return null;
      throw err;
    }
    if (!transition) return null;
    this.write([transition]);
    this.book = draft;
    return transition;
  }

  /** Not yet both cleared and acknowledged, oldest first: the state message and the dashboard. */
  outstanding(): AlarmRecord[] {
    return this.book.outstanding();
  }

  /** Raised and not cleared: hand these to `AlarmMonitor.resume` at start. */
  active(): AlarmRecord[] {
    return this.book.active();
  }

  find(alarmId: string): AlarmRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM alarms WHERE alarm_id = ?`).get(alarmId);
    return row ? toRecord(row) : null;
  }

  /** Alarms raised in [from, to), oldest first: the daily summary and the operator's history. */
  raisedBetween(from: Date, to: Date): AlarmRecord[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM alarms WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at, alarm_id`,
      )
      .all(from.toISOString(), to.toISOString())
      .map(toRecord);
  }

  /** Retention: settled alarms raised before `before`. Outstanding ones are never deleted. */
  deleteSettledBefore(before: Date): number {
    return this.db
      .prepare(
        'DELETE FROM alarms WHERE raised_at < ? AND cleared_at IS NOT NULL AND acknowledged_at IS NOT NULL',
      )
      .run(before.toISOString()).changes;
  }

  private write(transitions: readonly AlarmTransition[]): void {
    inOneTransaction(this.db, () => {
      for (const { alarm, event, at } of transitions) {
        this.upsert.run({
          ...alarm,
          raisedAt: alarm.raisedAt.toISOString(),
          clearedAt: iso(alarm.clearedAt),
          acknowledgedAt: iso(alarm.acknowledgedAt),
        });
        this.outbox.appendEvent(event, at);
      }
    });
  }

  private load(): AlarmBook {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM alarms WHERE cleared_at IS NULL OR acknowledged_at IS NULL ORDER BY raised_at`,
      )
      .all();
    return new AlarmBook(this.newId, rows.map(toRecord));
  }
}
