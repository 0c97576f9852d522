import type { EventMessage, StateMessage, StatusMessage, TelemetryMessage } from '@regiobox/contract';
import { compartmentEffects } from '../../domain/compartments.js';
import { orderEffect } from '../../domain/orders.js';
import type { Db } from '../database.js';
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
import { withStatementCache } from '../statement-cache.js';
import { AlarmTable } from './alarms.js';
import { DailySummaryTable } from './daily-summaries.js';
import { EventLog } from './events.js';
import { OrderTable } from './orders.js';
import { StationTable } from './stations.js';
import { TemperatureTable } from './temperatures.js';

export interface SqliteFleetStoreOptions {
  /** width of a temperature history bucket; default 300 s */
  readonly historyBucketSeconds?: number;
}

/** FleetStore on the bridge's SQLite file; each `record*` call is one transaction. */
export class SqliteFleetStore implements FleetStore {
  private readonly stations: StationTable;
  private readonly temperatures: TemperatureTable;
  private readonly days: DailySummaryTable;
  private readonly events: EventLog;
  private readonly orders: OrderTable;
  private readonly alarms: AlarmTable;
  private readonly db: Db;

  constructor(file: Db, options: SqliteFleetStoreOptions = {}) {
    const db = withStatementCache(file);
    this.db = db;
    this.stations = new StationTable(db);
    this.temperatures = new TemperatureTable(db, options.historyBucketSeconds ?? 300);
    this.events = new EventLog(db);
    this.orders = new OrderTable(db);
    this.alarms = new AlarmTable(db);
    this.days = new DailySummaryTable(db);
  }

  async recordStatus(status: StatusMessage, receivedAt: Date): Promise<StatusOutcome> {
    return this.db.transaction(() => this.stations.recordStatus(status, receivedAt))();
  }

  async recordState(state: StateMessage, receivedAt: Date): Promise<void> {
    this.db.transaction(() => {
      const lastSeq = this.stations.ensure(state.stationId, receivedAt).last_seq;
      this.stations.recordState(state, receivedAt);
      this.alarms.reconcile(state, state.lastSeq >= lastSeq);
      this.stations.touch(state.stationId, receivedAt);
    })();
  }

  async recordTelemetry(telemetry: TelemetryMessage, receivedAt: Date): Promise<boolean> {
    return this.db.transaction(() => {
      this.stations.touch(telemetry.stationId, receivedAt);
      return this.temperatures.record(telemetry, receivedAt);
    })();
  }

  async recordEvent(m: EventMessage, receivedAt: Date): Promise<EventOutcome> {
    return this.db.transaction(() => {
      const station = this.stations.ensure(m.stationId, receivedAt);
      const outcome = this.events.insert(m, receivedAt, station.last_seq);
      if (outcome.kind !== 'recorded') return outcome;
      const order = orderEffect(m.event);
      if (order) this.orders.apply(m, order);
      this.orders.recordColdChain(m);
      this.alarms.apply(m);
      this.days.apply(m, receivedAt);
      this.events.applyCompartments(m, compartmentEffects(m.event));
      this.stations.touch(m.stationId, receivedAt);
      return outcome;
    })();
  }

  async hasEvent(stationId: string, seq: number, eventId: string): Promise<boolean> {
    return this.events.has(stationId, seq, eventId);
  }

  async presence(stationId: string): Promise<{ state: StationState; session: number | null } | undefined> {
    const row = this.stations.row(stationId);
    return row ? { state: row.state, session: row.session } : undefined;
  }

  async touchStation(stationId: string, at: Date): Promise<void> {
    this.stations.touch(stationId, at);
  }

  async listStations(view?: TenantView): Promise<StationSummary[]> {
    return this.stations.list(view);
  }

  async getStation(stationId: string, view?: TenantView): Promise<StationDetail | undefined> {
    return this.stations.detail(stationId, view);
  }

  async stationEvents(stationId: string, query: StationEventQuery): Promise<StoredEvent[]> {
    return this.events.forStation(stationId, query);
  }

  async dailySummaries(filter: DailySummaryFilter): Promise<DailySummary[]> {
    return this.days.list(filter);
  }

  async temperatureHistory(
    stationId: string,
    range: TimeRange,
    resolutionSeconds: number,
  ): Promise<TemperaturePoint[]> {
    return this.temperatures.history(stationId, range, resolutionSeconds);
  }

  async coldChainRecords(stationId: string, range: TimeRange): Promise<ColdChainView[]> {
    return this.orders.coldChainForStation(stationId, range);
  }

  async getOrder(tenant: string, orderId: string): Promise<OrderView | undefined> {
    const key = { tenant, orderId };
    return this.orders.get(key, this.events.forOrder(key));
  }

  async listAlarms(filter: AlarmFilter): Promise<AlarmView[]> {
    return this.alarms.list(filter);
  }

  async findAlarms(alarmId: string): Promise<AlarmView[]> {
    return this.alarms.find(alarmId);
  }

  async prune(policy: { historyBefore: Date; dedupBefore: Date }): Promise<number> {
    return this.db.transaction(
      () =>
        this.temperatures.prune(policy.historyBefore, policy.dedupBefore) +
        this.events.prune(policy.historyBefore),
    )();
  }

  /** The database is shared with the command and webhook outboxes; its owner closes it. */
  async close(): Promise<void> {}
}
