import { alarmSeverity } from '../domain/alarms/severity.js';
import { type AlarmSignal, formatDuration, STATION_WIDE } from '../domain/alarms/types.js';

/** Alarm signals kept for later while the database takes no writes; a day of door alarms fits easily. */
const MAX_KEPT = 1_000;

/**
 * Whether the database takes writes (disk full, file system read-only, database locked). A storage
 * fault cannot be recorded in the database that has it: meanwhile it is told through health (the
 * status birth, the kiosk's out-of-order screen), and the alarms that could not be written are kept.
 * When writes work again, they are recorded in order, followed by the storage_fault alarm itself,
 * raised at the time the fault began and cleared now.
 */
export class StorageHealth {
  private faultSince: Date | null = null;
  private lastError = '';
  private kept: AlarmSignal[] = [];

  ok(): boolean {
    return this.faultSince === null;
  }

  /** A write failed. True when this is news (storage was fine until now). */
  failed(at: Date, err: unknown): boolean {
    this.lastError = err instanceof Error ? err.message : String(err);
    if (this.faultSince !== null) return false;
    this.faultSince = at;
    return true;
  }

  /** Signals that could not be written; they are replayed once storage works again. */
  keep(signals: readonly AlarmSignal[]): void {
    this.kept.push(...signals);
    if (this.kept.length > MAX_KEPT) this.kept.splice(0, this.kept.length - MAX_KEPT);
  }

  /**
   * A write worked. Null when storage was fine all along; otherwise what to record now: the kept
   * signals, then storage_fault raised and cleared. If recording them fails, call `failed` and `keep`
   * them again.
   */
  recovered(at: Date): AlarmSignal[] | null {
    const since = this.faultSince;
    if (since === null) return null;
    this.faultSince = null;
    const kept = this.kept;
    this.kept = [];
    const forMs = Math.max(0, at.getTime() - since.getTime());
    return [
      ...kept,
      {
        type: 'raise',
        kind: 'storage_fault',
        subject: STATION_WIDE,
        severity: alarmSeverity('storage_fault'),
        detail: `the database refused writes: ${this.lastError}`,
        at: since,
      },
      {
        type: 'clear',
        kind: 'storage_fault',
        subject: STATION_WIDE,
        at,
        detail: `writes work again after ${formatDuration(forMs)}; no door was opened meanwhile`,
      },
    ];
  }
}
