import type { ColdChainRecord, Zone } from '@regiobox/contract';
import type { Logger } from 'pino';
import { ColdChainAccumulator, type ZoneThresholds } from '../domain/coldchain/index.js';
import type { StationApi } from '../station/api.js';
import type { StationEvents } from '../station/events.js';
import { ColdChainAccountStore } from '../store/coldchain/index.js';
import type { Db } from '../store/database.js';
import { loadedParcels } from '../store/loaded-parcels.js';

interface ParcelRef {
  readonly orderId: string;
  readonly parcelId: string;
  readonly compartment: number;
}

export interface ColdChainKeeperDeps {
  readonly db: Db;
  readonly events: StationEvents;
  /** where a parcel whose goods went beyond the zone's budget is held */
  readonly station: Pick<StationApi, 'holdParcel'>;
  /** the limits in force now for a compartment: a change applies to each record from then on */
  readonly limitsOf: (compartment: number, zone: Zone) => ZoneThresholds;
  readonly logger: Logger;
}

/**
 * Each loaded parcel's cold-chain record, fed with the compartment temperatures the alarm rules
 * judged: opened at loading, closed at pickup (station/ reads it through ColdChainAccountStore in
 * the pickup's transaction), and a parcel whose goods went beyond the zone's budget is held for an
 * operator's decision.
 */
export class ColdChainKeeper {
  private readonly accounts: ColdChainAccountStore;
  private work: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: ColdChainKeeperDeps) {
    this.accounts = new ColdChainAccountStore(deps.db);
  }

  start(): void {
    this.unsubscribe = this.deps.events.on('temperatures.judged', ({ at, celsiusByCompartment }) => {
      this.work = this.work
        .then(() => this.account(at, celsiusByCompartment))
        .catch((err) => this.deps.logger.error({ err }, 'cold chain not accounted'));
    });
  }

  /** Stops listening and waits for the cycle being accounted. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.work;
  }

  /** Resolves when every judged cycle so far is accounted (and its holds made). */
  idle(): Promise<void> {
    return this.work;
  }

  private async account(at: Date, celsius: ReadonlyMap<number, number | null>): Promise<void> {
    const running: { ref: ParcelRef; accumulator: ColdChainAccumulator }[] = [];
    const holds: { ref: ParcelRef; reason: string; coldChain: ColdChainRecord }[] = [];
    for (const parcel of loadedParcels(this.deps.db)) {
      const ref = { orderId: parcel.orderId, parcelId: parcel.parcelId, compartment: parcel.compartmentNo };
      const loadedAt = parcel.loadedAt ? new Date(parcel.loadedAt) : at;
      let account = this.accounts.get(ref);
      if (!account) {
        const accumulator = ColdChainAccumulator.start({
          compartment: parcel.compartmentNo,
          zone: parcel.zone,
          thresholds: this.deps.limitsOf(parcel.compartmentNo, parcel.zone),
          loadedAt,
        });
        this.accounts.open(ref, accumulator, at);
        account = this.accounts.get(ref);
      }
      if (!account || account.closedAt) continue;
      account.accumulator.applyLimits(this.deps.limitsOf(parcel.compartmentNo, parcel.zone));
      const due = account.accumulator.addSample(at, celsius.get(parcel.compartmentNo) ?? null);
      running.push({ ref, accumulator: account.accumulator });
      if (due && parcel.state === 'loaded')
        holds.push({ ref, reason: due.reason, coldChain: account.accumulator.record(at) });
    }
    if (running.length > 0) this.accounts.save(running, at);
    for (const h of holds) {
      this.deps.logger.warn(
        { orderId: h.ref.orderId, parcelId: h.ref.parcelId, reason: h.reason },
        'parcel held for cold chain',
      );
      await this.deps.station.holdParcel({
        orderId: h.ref.orderId,
        parcelId: h.ref.parcelId,
        reason: h.reason,
        coldChain: h.coldChain,
      });
    }
  }
}
