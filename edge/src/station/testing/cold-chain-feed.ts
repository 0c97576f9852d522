import { pino } from 'pino';
import { DEFAULT_ZONE_THRESHOLDS } from '../../domain/coldchain/index.js';
import { haccpCsv } from '../../haccp-export.js';
import { ColdChainKeeper } from '../../monitoring/cold-chain-keeper.js';
import type { StationFixture } from './station-fixture.js';

const CYCLE_MS = 30_000;

/**
 * The station's cold-chain engine (the real ColdChainKeeper on the fixture's database and bus),
 * fed judged temperatures by hand on the fixture's clock instead of by the monitor's sampling.
 */
export class ColdChainFeed {
  private readonly keeper: ColdChainKeeper;

  constructor(private readonly f: StationFixture) {
    this.keeper = new ColdChainKeeper({
      db: f.db,
      events: f.station.events,
      station: f.station,
      limitsOf: (_, zone) => DEFAULT_ZONE_THRESHOLDS[zone],
      logger: pino({ level: 'silent' }),
    });
    this.keeper.start();
  }

  /** One cycle every 30 s for `minutes`, each compartment at the given temperature. */
  async hold(celsius: Readonly<Record<number, number>>, minutes: number): Promise<void> {
    for (let t = 0; t < minutes * 60_000; t += CYCLE_MS) await this.cycle(celsius);
  }

  /** Cycles until the parcel is held; fails after `maxMinutes` of them. */
  async untilHeld(
    orderId: string,
    parcelId: string,
    celsius: Readonly<Record<number, number>>,
    maxMinutes = 240,
  ): Promise<void> {
    for (let t = 0; t < maxMinutes * 60_000; t += CYCLE_MS) {
      await this.cycle(celsius);
      if (this.f.parcel(orderId, parcelId)?.state === 'held') return;
    }
    throw new Error(`${orderId}/${parcelId} not held within ${maxMinutes} min`);
  }

  private async cycle(celsius: Readonly<Record<number, number>>): Promise<void> {
    this.f.clock.advance(CYCLE_MS);
    const byCompartment = new Map(Object.entries(celsius).map(([no, c]) => [Number(no), c]));
    this.f.station.events.emit('temperatures.judged', {
      at: this.f.clock.current.now(),
      celsiusByCompartment: byCompartment,
    });
    await this.keeper.idle();
  }
}

/** The per-parcel HACCP export of the fixture's station as rows keyed by column name. */
export const haccpParcelRows = (f: StationFixture): Record<string, string>[] => {
  const now = f.clock.current.now();
  const range = { from: new Date(now.getTime() - 7 * 86_400_000), to: now, now };
  const [header, ...lines] = [...haccpCsv(f.db, f.config, range, 'parcels')].map((l) =>
    l.replace(/\r\n$/, '').split(','),
  );
  return lines.map((cells) => {
    if (cells.length !== header?.length) throw new Error(`unexpected CSV row ${cells.join(',')}`);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
};
