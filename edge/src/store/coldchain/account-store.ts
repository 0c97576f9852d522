import { ColdChainRecord } from '@regiobox/contract';
import { z } from 'zod';
import type { HoldState, ParcelRef } from '../../domain/coldchain/hold.js';
import { ColdChainAccumulator } from '../../domain/coldchain/record.js';
import { type Db, StorageError } from '../database.js';
import { inOneTransaction } from './transaction.js';

export interface ColdChainAccount {
  readonly ref: ParcelRef;
  readonly accumulator: ColdChainAccumulator;
  readonly hold: HoldState;
  readonly closedAt: Date | null;
  /** the final record, once the parcel has left the compartment */
  readonly record: ColdChainRecord | null;
}

interface AccountRow {
  orderId: string;
  parcelId: string;
  compartment: number;
  state: string;
  closedAt: string | null;
  record: string | null;
  holdStatus: HoldState['status'];
  holdReason: 'budget_exceeded' | 'thawed' | null;
  heldAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedWhy: string | null;
}

const COLUMNS = `order_id AS orderId, parcel_id AS parcelId, compartment_no AS compartment, state,
  closed_at AS closedAt, record, hold_status AS holdStatus, hold_reason AS holdReason, held_at AS heldAt,
  decided_at AS decidedAt, decided_by AS decidedBy, decided_why AS decidedWhy`;

const holdOf = (r: AccountRow): HoldState => {
  if (r.holdStatus === 'none') return { status: 'none' };
  if (r.holdReason === null || r.heldAt === null)
    throw new StorageError(`hold of ${r.parcelId} has no reason`);
  const held = { reason: r.holdReason, heldAt: new Date(r.heldAt) };
  if (r.holdStatus === 'held') return { status: 'held', ...held };
  if (r.decidedAt === null) throw new StorageError(`decision on ${r.parcelId} has no time`);
  const decided = { decidedAt: new Date(r.decidedAt), by: r.decidedBy ?? '', why: r.decidedWhy ?? '' };
  return { status: r.holdStatus, ...held, ...decided };
};

const parseJson = (text: string, what: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StorageError(`damaged ${what}`, { cause: err });
  }
};

const toAccount = (r: AccountRow): ColdChainAccount => {
  const what = `cold-chain account of ${r.parcelId}`;
  const parsedRecord = r.record === null ? null : ColdChainRecord.safeParse(parseJson(r.record, what));
  if (parsedRecord && !parsedRecord.success) {
    throw new StorageError(
      `damaged cold-chain record of ${r.parcelId}: ${z.prettifyError(parsedRecord.error)}`,
    );
  }
  return {
    ref: { orderId: r.orderId, parcelId: r.parcelId, compartment: r.compartment },
    accumulator: ColdChainAccumulator.fromState(parseJson(r.state, what)),
    hold: holdOf(r),
    closedAt: r.closedAt === null ? null : new Date(r.closedAt),
    record: parsedRecord?.data ?? null,
  };
};

/**
 * The cold-chain account of every loaded parcel: its running accumulator (saved with each sample
 * batch, so a restart continues the record), its hold, and its final record for the HACCP log.
 * Every method may run inside the caller's transaction (a hold commits with its compartment block).
 */
export class ColdChainAccountStore {
  constructor(private readonly db: Db) {}

  /** At loading. False when the parcel already has an account (a repeated load event changes nothing). */
  open(ref: ParcelRef, accumulator: ColdChainAccumulator, at: Date): boolean {
    const s = accumulator.toState();
    return (
      this.db
        .prepare(
          `INSERT INTO cold_chain_accounts (order_id, parcel_id, compartment_no, zone, loaded_at, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
          ref.orderId,
          ref.parcelId,
          ref.compartment,
          s.zone,
          new Date(s.loadedAtMs).toISOString(),
          JSON.stringify(s),
          at.toISOString(),
        ).changes === 1
    );
  }

  /** Saves running accumulators; one transaction for the batch (call it with the sample batch). */
  save(accounts: readonly { ref: ParcelRef; accumulator: ColdChainAccumulator }[], at: Date): void {
    const stmt = this.db.prepare(
      'UPDATE cold_chain_accounts SET state = ?, updated_at = ? WHERE order_id = ? AND parcel_id = ? AND closed_at IS NULL',
    );
    this.db.transaction(() => {
      for (const { ref, accumulator } of accounts) {
        stmt.run(JSON.stringify(accumulator.toState()), at.toISOString(), ref.orderId, ref.parcelId);
      }
    })();
  }

  setHold(ref: ParcelRef, hold: HoldState, at: Date): void {
    const decided = hold.status === 'released' || hold.status === 'discarded' ? hold : null;
    this.db
      .prepare(
        `UPDATE cold_chain_accounts SET hold_status = ?, hold_reason = ?, held_at = ?, decided_at = ?,
           decided_by = ?, decided_why = ?, updated_at = ? WHERE order_id = ? AND parcel_id = ?`,
      )
      .run(
        hold.status,
        hold.status === 'none' ? null : hold.reason,
        hold.status === 'none' ? null : hold.heldAt.toISOString(),
        decided?.decidedAt.toISOString() ?? null,
        decided?.by ?? null,
        decided?.why ?? null,
        at.toISOString(),
        ref.orderId,
        ref.parcelId,
      );
  }

  /**
   * The parcel left the compartment (picked up, retrieved, discarded): the record up to `at` is
   * final. Returns it for the `parcel.picked_up` event; null when the parcel has no open account.
   */
  close(ref: ParcelRef, at: Date): ColdChainRecord | null {
    return inOneTransaction(this.db, () => {
      const account = this.get(ref);
      if (!account || account.closedAt) return null;
      const record = account.accumulator.record(at);
      this.db
        .prepare(
          `UPDATE cold_chain_accounts SET state = ?, record = ?, closed_at = ?, updated_at = ?
           WHERE order_id = ? AND parcel_id = ?`,
        )
        .run(
          JSON.stringify(account.accumulator.toState()),
          JSON.stringify(record),
          at.toISOString(),
          at.toISOString(),
          ref.orderId,
          ref.parcelId,
        );
      return record;
    });
  }

  get(ref: Pick<ParcelRef, 'orderId' | 'parcelId'>): ColdChainAccount | null {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM cold_chain_accounts WHERE order_id = ? AND parcel_id = ?`)
      .get(ref.orderId, ref.parcelId) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  /** Accounts of parcels still in the station: the station rebuilds its accumulators from these at start. */
  openAccounts(): ColdChainAccount[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM cold_chain_accounts WHERE closed_at IS NULL ORDER BY loaded_at`)
      .all() as AccountRow[];
    return rows.map(toAccount);
  }

  /** Parcels loaded in [from, to) for the per-parcel HACCP log; open ones are recorded up to `now`. */
  loadedBetween(
    from: Date,
    to: Date,
    now: Date,
  ): { ref: ParcelRef; record: ColdChainRecord; hold: HoldState }[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM cold_chain_accounts WHERE loaded_at >= ? AND loaded_at < ?
         ORDER BY loaded_at, order_id, parcel_id`,
      )
      .all(from.toISOString(), to.toISOString()) as AccountRow[];
    return rows
      .map(toAccount)
      .map((a) => ({ ref: a.ref, record: a.record ?? a.accumulator.record(now), hold: a.hold }));
  }

  /** Retention: closed accounts loaded before `before`. */
  deleteClosedBefore(before: Date): number {
    return this.db
      .prepare('DELETE FROM cold_chain_accounts WHERE loaded_at < ? AND closed_at IS NOT NULL')
      .run(before.toISOString()).changes;
  }
}
