import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBody, EventMessage } from '@regiobox/contract';
import { MemoryStationHardware } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { parseConfig } from '../../config/load.js';
import type { StationConfig, StationConfigInput } from '../../config/schema.js';
import { type Clock, ManualClock } from '../../domain/clock.js';
import { seededRandom } from '../../domain/test-random.js';
import { type Db, openDatabase } from '../../store/database.js';
import { Outbox } from '../../store/outbox.js';
import { openStationKey } from '../../store/station-key.js';
import type { StationNotice } from '../api.js';
import type { DeadlineJudge, StationDeps } from '../deps.js';
import { StationService } from '../service.js';

/** A small wall: ambient S/M/L, chilled S/M, cold M, frozen L; doors = lock channels = inputs 0–6. */
export const WALL: StationConfigInput['compartments'] = [
  { no: 1, lockChannel: 0, doorInput: 0, size: 'S', zone: 'ambient', location: 'top row, 1st from left' },
  { no: 2, lockChannel: 1, doorInput: 1, size: 'M', zone: 'ambient' },
  { no: 3, lockChannel: 2, doorInput: 2, size: 'L', zone: 'ambient' },
  { no: 4, lockChannel: 3, doorInput: 3, size: 'S', zone: 'chilled', probes: ['chill'] },
  { no: 5, lockChannel: 4, doorInput: 4, size: 'M', zone: 'chilled', probes: ['chill'] },
  { no: 6, lockChannel: 5, doorInput: 5, size: 'M', zone: 'cold' },
  { no: 7, lockChannel: 6, doorInput: 6, size: 'L', zone: 'frozen', location: 'bottom row, right' },
];

export interface FixtureOptions {
  readonly occupancySensors?: boolean;
  readonly compartments?: StationConfigInput['compartments'];
  readonly thresholds?: StationConfigInput['thresholds'];
  readonly tenants?: StationConfigInput['tenants'];
  /** what judges deadlines, built on each start's database; default the wall clock */
  readonly deadlines?: (db: Db, clock: Clock) => DeadlineJudge;
  /** a van's gate, built on each start's database and outbox (see van/tour-keeper.ts) */
  readonly pickupGate?: (db: Db, outbox: Outbox, clock: Clock) => StationDeps['pickupGate'];
  /** more config over the wall's (a counter: kind, places, staff and `compartments: []`) */
  readonly config?: Partial<StationConfigInput>;
}

/**
 * A whole station core on a real SQLite file in a temp dir, the in-memory simulated hardware, a
 * manual clock and seeded randomness. `crash()` + `restart()` model a power cut.
 */
export class StationFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'regiobox-station-'));
  readonly clock = new ClockHolder();
  readonly config: StationConfig;
  hw: MemoryStationHardware;
  db!: Db;
  outbox!: Outbox;
  station!: StationService;
  notices: StationNotice[] = [];
  private generation = 0;

  constructor(private readonly opts: FixtureOptions = {}) {
    this.config = parseConfig({
      stationId: 'test-station',
      dataDir: this.dir,
      compartments: opts.compartments ?? WALL,
      probes: [{ id: 'chill', boardIndex: 0 }],
      hardware: { driver: 'simulated' },
      mqtt: { url: 'mqtt://127.0.0.1:1883' },
      ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
      ...opts.config,
      ...(opts.tenants ? { tenants: opts.tenants } : {}),
    });
    this.hw = this.newHardware();
  }

  newHardware(): MemoryStationHardware {
    return new MemoryStationHardware({
      doors: this.config.compartments.length,
      probes: ['chill'],
      occupancySensors: this.opts.occupancySensors ?? true,
    });
  }

  async start(): Promise<StationService> {
    this.db = openDatabase(join(this.dir, 'station.db'));
    const deadlines = this.opts.deadlines?.(this.db, this.clock.current);
    this.outbox = new Outbox(this.db, this.config.stationId);
    const pickupGate = this.opts.pickupGate?.(this.db, this.outbox, this.clock.current);
    this.station = new StationService({
      db: this.db,
      outbox: this.outbox,
      hardware: this.hw,
      clock: this.clock.current,
      random: seededRandom(`station-${this.generation++}`),
      config: this.config,
      logger: pino({ level: 'silent' }),
      stationKey: openStationKey(this.dir, this.db),
      deadlines,
      ...(pickupGate ? { pickupGate } : {}),
    });
    this.notices = [];
    this.station.onNotice((n) => this.notices.push(n));
    await this.station.start();
    return this.station;
  }

  /**
   * The process dies mid-whatever: nothing is finished or flushed, the connection just goes away.
   * (The dead service is made deaf first, since in this test it shares the hardware object.)
   */
  crash(): void {
    void this.station.stop();
    this.db.close();
  }

  /** Power comes back: new process, same files; the board is the same physical hardware. */
  async restart(hw: MemoryStationHardware = this.hw): Promise<StationService> {
    this.hw = hw;
    return this.start();
  }

  /** Event bodies in the outbox, in order. */
  events(): EventBody[] {
    return this.outbox
      .peek(100_000)
      .filter((e) => e.kind === 'event')
      .map((e) => (JSON.parse(e.payload) as EventMessage).event);
  }

  eventsOf<T extends EventBody['type']>(type: T): Extract<EventBody, { type: T }>[] {
    return this.events().filter((e): e is Extract<EventBody, { type: T }> => e.type === type);
  }

  parcel(orderId: string, parcelId: string) {
    return this.db
      .prepare(
        'SELECT state, goods_inside AS goodsInside, compartment_no AS compartment FROM parcels WHERE order_id = ? AND parcel_id = ?',
      )
      .get(orderId, parcelId) as { state: string; goodsInside: number; compartment: number } | undefined;
  }

  orderStatus(orderId: string): string | undefined {
    return (
      this.db.prepare('SELECT status FROM orders WHERE order_id = ?').get(orderId) as
        | { status: string }
        | undefined
    )?.status;
  }

  pendingUnlocks(): { compartment_no: number; status: string }[] {
    return this.db.prepare('SELECT compartment_no, status FROM pending_unlocks').all() as {
      compartment_no: number;
      status: string;
    }[];
  }

  input(no: number): number {
    const c = this.config.compartments.find((x) => x.no === no);
    if (!c) throw new Error(`no compartment ${no}`);
    return c.doorInput;
  }

  async close(): Promise<void> {
    await this.station?.stop();
    if (this.db?.open) this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Holds one ManualClock across restarts: wall time keeps going, as it does through a power cut. */
class ClockHolder {
  readonly current = new ManualClock('2026-03-02T08:00:00.000Z');
  advance(ms: number): void {
    this.current.advance(ms);
  }
}
