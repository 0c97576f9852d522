import type { Logger } from 'pino';
import { ColdChainAccumulator, type ZoneThresholdTable } from '../domain/coldchain/index.js';
import type { StationService } from '../station/index.js';
import { ColdChainAccountStore } from '../store/coldchain/index.js';
import type { Db } from '../store/database.js';
import { loadedParcels } from '../store/loaded-parcels.js';

interface ParcelRef {
  readonly orderId: string;
  readonly parcelId: string;
  readonly compartment: number;
}

/**
 * Each loaded parcel's cold-chain record, fed with every sampling cycle: opened at loading, closed
 * at pickup (the record goes with the pickup event), and a parcel whose goods went beyond the zone's
 * budget is held for an operator's decision.
 */
export class ColdChainBook {
  private readonly accounts: ColdChainAccountStore;

  constructor(
    private readonly db: Db,
    private readonly station: StationService,
    private readonly log: Logger,
  ) {
    this.accounts = new ColdChainAccountStore(db);
  }

  /** Wires the station's pickups to the records. */
  attach(): void {
    this.station.setColdChainProvider((parcel, at) =>
      this.accounts.close(
        { orderId: parcel.orderId, parcelId: parcel.parcelId, compartment: parcel.compartmentNo },
        at,
      ),
    );
  }

  async account(
    at: Date,
    celsius: ReadonlyMap<number, number | null>,
    table: ZoneThresholdTable,
  ): Promise<void> {
    const running: { ref: ParcelRef; accumulator: ColdChainAccumulator }[] = [];
    const holds: { ref: ParcelRef; reason: string; accumulator: ColdChainAccumulator }[] = [];
    for (const parcel of loadedParcels(this.db)) {
      const ref = { orderId: parcel.orderId, parcelId: parcel.parcelId, compartment: parcel.compartmentNo };
      const loadedAt = parcel.loadedAt ? new Date(parcel.loadedAt) : at;
      let account = this.accounts.get(ref);
      if (!account) {
        const accumulator = ColdChainAccumulator.start({
          compartment: parcel.compartmentNo,
          zone: parcel.zone,
          thresholds: table[parcel.zone],
          loadedAt,
        });
        this.accounts.open(ref, accumulator, at);
        account = this.accounts.get(ref);
      }
      if (!account || account.closedAt) continue;
      const due = account.accumulator.addSample(at, celsius.get(parcel.compartmentNo) ?? null);
      running.push({ ref, accumulator: account.accumulator });
      if (due && parcel.state === 'loaded')
        holds.push({ ref, reason: due.reason, accumulator: account.accumulator });
    }
    if (running.length > 0) this.accounts.save(running, at);
    for (const h of holds) {
      this.log.warn(
        { orderId: h.ref.orderId, parcelId: h.ref.parcelId, reason: h.reason },
        'parcel held for cold chain',
      );
      await this.station.holdParcel({
        orderId: h.ref.orderId,
        parcelId: h.ref.parcelId,
        reason: h.reason,
        coldChain: h.accumulator.record(at),
      });
    }
  }
}
