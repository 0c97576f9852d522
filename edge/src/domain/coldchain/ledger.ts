import type { ColdChainRecord, Zone } from '@regiobox/contract';
import type { ParcelRef } from './hold.js';
import { type AccumulatorStart, ColdChainAccumulator, type HoldDue } from './record.js';
import type { ZoneThresholds } from './zones.js';

export interface LedgerEntry {
  readonly ref: ParcelRef;
  readonly accumulator: ColdChainAccumulator;
}

export interface HoldDueFor {
  readonly ref: ParcelRef;
  readonly due: HoldDue;
}

const keyOf = (ref: Pick<ParcelRef, 'orderId' | 'parcelId'>) => `${ref.orderId}\u0000${ref.parcelId}`;

/**
 * The running cold-chain records of every parcel in the station, fed with one reading per
 * compartment per sampling cycle (`AlarmMonitor.sampleCycle(...).celsiusByCompartment`). Pure: the
 * station saves `entries()` with each sample batch and rebuilds the ledger from the store at start.
 */
export class ColdChainLedger {
  private readonly byParcel = new Map<string, LedgerEntry>();

  constructor(entries: Iterable<LedgerEntry> = []) {
    for (const e of entries) this.byParcel.set(keyOf(e.ref), e);
  }

  /** The producer closed the door on a loaded parcel: its record starts now. */
  load(
    ref: ParcelRef,
    zone: Zone,
    thresholds: ZoneThresholds,
    at: Date,
    options: Pick<AccumulatorStart, 'maxSampleGapSeconds'> = {},
  ): LedgerEntry {
    const existing = this.byParcel.get(keyOf(ref));
    if (existing) return existing;
    const accumulator = ColdChainAccumulator.start({
      compartment: ref.compartment,
      zone,
      thresholds,
      loadedAt: at,
      ...options,
    });
    const entry = { ref, accumulator };
    this.byParcel.set(keyOf(ref), entry);
    return entry;
  }

  /** One sampling cycle. Returns the parcels that must be held now (each reason once per parcel). */
  sample(at: Date, celsiusByCompartment: ReadonlyMap<number, number | null>): HoldDueFor[] {
    const holds: HoldDueFor[] = [];
    for (const e of this.byParcel.values()) {
      const celsius = celsiusByCompartment.get(e.ref.compartment) ?? null;
      const due = e.accumulator.addSample(at, celsius);
      if (due) holds.push({ ref: e.ref, due });
    }
    return holds;
  }

  /** Between samples, or when sampling has stopped (board away): silent warm compartments still count. */
  check(at: Date): HoldDueFor[] {
    const holds: HoldDueFor[] = [];
    for (const e of this.byParcel.values()) {
      const due = e.accumulator.check(at);
      if (due) holds.push({ ref: e.ref, due });
    }
    return holds;
  }

  get(ref: Pick<ParcelRef, 'orderId' | 'parcelId'>): LedgerEntry | undefined {
    return this.byParcel.get(keyOf(ref));
  }

  /** The parcel left (pickup, retrieval, discard): its final record, and it leaves the ledger. */
  take(ref: Pick<ParcelRef, 'orderId' | 'parcelId'>, at: Date): ColdChainRecord | null {
    const e = this.byParcel.get(keyOf(ref));
    if (!e) return null;
    this.byParcel.delete(keyOf(ref));
    return e.accumulator.record(at);
  }

  entries(): LedgerEntry[] {
    return [...this.byParcel.values()];
  }
}
