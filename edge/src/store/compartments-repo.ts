import type { Size, Zone } from '@regiobox/contract';
import { decodeLocalizedText, encodeLocalizedText, type LocalizedText } from '../domain/localized-text.js';
import type { Db } from './database.js';

export interface CompartmentRow {
  readonly no: number;
  readonly zone: Zone;
  readonly size: Size;
  readonly lockChannel: number;
  readonly doorInput: number;
  readonly location: LocalizedText | null;
  readonly blockedReason: string | null;
  readonly blockedBy: string | null;
  readonly doorOpen: boolean | null;
  readonly occupied: boolean | null;
}

export interface CompartmentDefinition {
  readonly no: number;
  readonly zone: Zone;
  readonly size: Size;
  readonly lockChannel: number;
  readonly doorInput: number;
  readonly location?: LocalizedText | undefined;
}

interface RawRow {
  no: number;
  zone: Zone;
  size: Size;
  lock_channel: number;
  door_input: number;
  location: string | null;
  blocked_reason: string | null;
  blocked_by: string | null;
  door_open: number | null;
  occupied: number | null;
}

const bool = (v: number | null): boolean | null => (v === null ? null : v !== 0);
const toRow = (r: RawRow): CompartmentRow => ({
  no: r.no,
  zone: r.zone,
  size: r.size,
  lockChannel: r.lock_channel,
  doorInput: r.door_input,
  location: r.location === null ? null : decodeLocalizedText(r.location),
  blockedReason: r.blocked_reason,
  blockedBy: r.blocked_by,
  doorOpen: bool(r.door_open),
  occupied: bool(r.occupied),
});
const flag = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

const COLUMNS =
  'no, zone, size, lock_channel, door_input, location, blocked_reason, blocked_by, door_open, occupied';

/** The configured doors, with their block and last known switch states. */
export class CompartmentsRepo {
  private readonly getStmt;
  private readonly listStmt;
  private readonly byInputStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM compartments WHERE no = ? AND configured = 1`);
    this.listStmt = db.prepare(`SELECT ${COLUMNS} FROM compartments WHERE configured = 1 ORDER BY no`);
    this.byInputStmt = db.prepare(
      `SELECT ${COLUMNS} FROM compartments WHERE door_input = ? AND configured = 1`,
    );
  }

  /** Makes the table match the config; compartments gone from it are kept (history) but hidden. */
  syncFromConfig(defs: readonly CompartmentDefinition[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO compartments (no, zone, size, lock_channel, door_input, location, configured)
       VALUES (@no, @zone, @size, @lockChannel, @doorInput, @location, 1)
       ON CONFLICT (no) DO UPDATE SET zone = excluded.zone, size = excluded.size,
         lock_channel = excluded.lock_channel, door_input = excluded.door_input,
         location = excluded.location, configured = 1`,
    );
    this.db.transaction(() => {
      this.db.prepare('UPDATE compartments SET configured = 0').run();
      for (const d of defs) {
        upsert.run({ ...d, location: d.location === undefined ? null : encodeLocalizedText(d.location) });
      }
    })();
  }

  get(no: number): CompartmentRow | null {
    const r = this.getStmt.get(no) as RawRow | undefined;
    return r ? toRow(r) : null;
  }

  list(): CompartmentRow[] {
    return (this.listStmt.all() as RawRow[]).map(toRow);
  }

  byDoorInput(input: number): CompartmentRow | null {
    const r = this.byInputStmt.get(input) as RawRow | undefined;
    return r ? toRow(r) : null;
  }

  setBlocked(no: number, reason: string | null, by: string | null, at: string | null): void {
    this.db
      .prepare('UPDATE compartments SET blocked_reason = ?, blocked_by = ?, blocked_at = ? WHERE no = ?')
      .run(reason, by, at, no);
  }

  setDoor(no: number, open: boolean | null): void {
    this.db.prepare('UPDATE compartments SET door_open = ? WHERE no = ?').run(flag(open), no);
  }

  setOccupied(no: number, occupied: boolean | null): void {
    this.db.prepare('UPDATE compartments SET occupied = ? WHERE no = ?').run(flag(occupied), no);
  }
}
