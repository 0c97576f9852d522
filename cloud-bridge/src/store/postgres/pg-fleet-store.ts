import type { EventMessage, StateMessage, StatusMessage, TelemetryMessage } from '@regiobox/contract';
import { compartmentEffects } from '../../domain/compartments.js';
import { orderEffect } from '../../domain/orders.js';
import type {
  AlarmFilter,
  AlarmView,
  ColdChainView,
  DailySummary,
  DailySummaryFilter,
  EventOutcome,
  FleetStore,
  OrderView,
  StationDetail,
  StationEventQuery,
  StationState,
  StationSummary,
  StatusOutcome,
  StoredEvent,
  TemperaturePoint,
  TenantView,
  TimeRange,
} from '../fleet-store.js';
import { PgAlarmTable } from './alarms.js';
import { PgDailySummaryTable } from './daily-summaries.js';
import { PgEventLog } from './events.js';
import { PgOrderTable } from './orders.js';
import type { PgDatabase } from './pg-database.js';
import { PgStationTable } from './stations.js';
import { PgTemperatureTable } from './temperatures.js';

export interface PgFleetStoreOptions {
  /** width of a temperature history bucket; default 300 s */
  readonly historyBucketSeconds?: number;
}

/**
 * FleetStore on PostgreSQL, shared by every bridge instance. Each `record*` call is one transaction
 * that first locks the station's row: messages of one station are applied one at a time whichever
 * instance received them, messages of different stations in parallel.
 */
export class PgFleetStore implements FleetStore {
  private readonly stations = new PgStationTable();
  private readonly temperatures: PgTemperatureTable;
  private readonly days = new PgDailySummaryTable();
  private readonly events = new PgEventLog();
  private readonly orders = new PgOrderTable();
  private readonly alarms = new PgAlarmTable();

  constructor(
    private readonly db: PgDatabase,
    options: PgFleetStoreOptions = {},
  ) {
    this.temperatures = new PgTemperatureTable(options.historyBucketSeconds ?? 300);
  }

  recordStatus(status: StatusMessage, receivedAt: Date): Promise<StatusOutcome> {
    return this.db.transaction((tx) => this.stations.recordStatus(tx, status, receivedAt));
  }

  async recordState(state: StateMessage, receivedAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await this.stations.lock(tx, state.stationId, receivedAt);
      await this.stations.recordState(tx, state, row);
      await this.alarms.reconcile(tx, state, state.lastSeq >= row.last_seq);
      await this.stations.touch(tx, state.stationId, receivedAt);
    });
  }

  recordTelemetry(telemetry: TelemetryMessage, receivedAt: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await this.stations.lock(tx, telemetry.stationId, receivedAt);
      await this.stations.touch(tx, telemetry.stationId, receivedAt);
      return this.temperatures.record(tx, telemetry, receivedAt);
    });
  }

  recordEvent(m: EventMessage, receivedAt: Date): Promise<EventOutcome> {
    return this.db.transaction(async (tx) => {
      const station = await this.stations.lock(tx, m.stationId, receivedAt);
      const outcome = await this.events.insert(tx, m, receivedAt, station.last_seq);
      if (outcome.kind !== 'recorded') return outcome;
      const order = orderEffect(m.event);
      if (order) await this.orders.apply(tx, m, order);
      await this.orders.recordColdChain(tx, m);
      await this.alarms.apply(tx, m);
      await this.days.apply(tx, m, receivedAt);
      await this.events.applyCompartments(tx, m, compartmentEffects(m.event));
      await this.stations.touch(tx, m.stationId, receivedAt);
      return outcome;
    });
  }

  hasEvent(stationId: string, seq: number, eventId: string): Promise<boolean> {
    return this.events.has(this.db, stationId, seq, eventId);
  }

  async presence(stationId: string): Promise<{ state: StationState; session: number | null } | undefined> {
    const row = await this.stations.row(this.db, stationId);
    return row ? { state: row.state, session: row.session } : undefined;
  }

  touchStation(stationId: string, at: Date): Promise<void> {
    return this.stations.touch(this.db, stationId, at);
  }

  listStations(view?: TenantView): Promise<StationSummary[]> {
    return this.stations.list(this.db, view);
  }

  getStation(stationId: string, view?: TenantView): Promise<StationDetail | undefined> {
    return this.stations.detail(this.db, stationId, view);
  }

  stationEvents(stationId: string, query: StationEventQuery): Promise<StoredEvent[]> {
    return this.events.forStation(this.db, stationId, query);
  }

  dailySummaries(filter: DailySummaryFilter): Promise<DailySummary[]> {
    return this.days.list(this.db, filter);
  }

  temperatureHistory(
    stationId: string,
    range: TimeRange,
    resolutionSeconds: number,
  ): Promise<TemperaturePoint[]> {
    return this.temperatures.history(this.db, stationId, range, resolutionSeconds);
  }

  coldChainRecords(stationId: string, range: TimeRange): Promise<ColdChainView[]> {
    return this.orders.coldChainForStation(this.db, stationId, range);
  }

  async getOrder(tenant: string, orderId: string): Promise<OrderView | undefined> {
    const key = { tenant, orderId };
    return this.orders.get(this.db, key, await this.events.forOrder(this.db, key));
  }

  listAlarms(filter: AlarmFilter): Promise<AlarmView[]> {
    return this.alarms.list(this.db, filter);
  }

  findAlarms(alarmId: string): Promise<AlarmView[]> {
    return this.alarms.find(this.db, alarmId);
  }

  prune(policy: { historyBefore: Date; dedupBefore: Date }): Promise<number> {
    return this.db.transaction(
      async (tx) =>
        (await this.temperatures.prune(tx, policy.historyBefore, policy.dedupBefore)) +
        (await this.events.prune(tx, policy.historyBefore)),
    );
  }

  /** The database is shared with the command and webhook outboxes; its owner closes it. */
  async close(): Promise<void> {}
}
