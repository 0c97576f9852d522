import type {
  ColdChainRecord,
  EventMessage,
  StateMessage,
  StationKind,
  StatusMessage,
  TelemetryMessage,
} from '@regiobox/contract';
import type { CompartmentStateName } from '../domain/compartments.js';
import type { OrderState, ParcelState } from '../domain/orders.js';

export type StationState = 'online' | 'offline' | 'unknown';

export interface StatusOutcome {
  /** false when the session rule rejected the message (e.g. the late will of an old session) */
  readonly applied: boolean;
  /** the station is online now and was not (or is online in a newer session) */
  readonly cameOnline: boolean;
  readonly wentOffline: boolean;
}

export type EventOutcome =
  | { readonly kind: 'recorded'; readonly gap: { readonly expected: number; readonly got: number } | null }
  | { readonly kind: 'duplicate' }
  /** the (station, seq) is taken by a different event id: the station's sequence was reset */
  | { readonly kind: 'conflict' };

export interface Availability {
  readonly zone: string;
  readonly size: string;
  readonly free: number;
  readonly total: number;
}

export interface StationSummary {
  readonly stationId: string;
  /** what kind of pick-up point its birth said; `locker` until then and for stations before the field */
  readonly kind: StationKind;
  readonly state: StationState;
  readonly session: number | null;
  readonly statusAt: string | null;
  readonly lastSeenAt: string | null;
  readonly lastSeq: number;
  readonly capabilities: StatusMessage['capabilities'] | null;
  readonly health: StatusMessage['health'] | null;
  /** per compartment, the temperature limits the station applies (its birth); null before it said */
  readonly limits: StatusMessage['limits'] | null;
  readonly availability: readonly Availability[];
  readonly openAlarms: number;
}

export interface CompartmentView {
  readonly no: number;
  readonly zone: string;
  readonly size: string;
  readonly state: CompartmentStateName;
  readonly doorOpen: boolean | null;
  readonly occupied: boolean | null;
  readonly celsius: number | null;
  /** null when shown to a tenant that does not own the order inside */
  readonly orderId: string | null;
  /** the tenant of `orderId` */
  readonly tenant: string | null;
  readonly blockedReason: string | null;
  /** the tenants that may reserve it; null: every tenant (the shared pool) */
  readonly tenants: readonly string[] | null;
  readonly updatedAt: string;
}

export interface ProbeReading {
  readonly probeId: string;
  readonly compartment: number | null;
  readonly celsius: number | null;
  readonly status: 'ok' | 'missing' | 'fault';
  readonly at: string;
}

export interface StationDetail extends StationSummary {
  readonly compartments: readonly CompartmentView[];
  readonly probes: readonly ProbeReading[];
}

export interface StoredEvent {
  readonly eventId: string;
  readonly stationId: string;
  readonly seq: number;
  readonly type: string;
  /** the tenant of the order the event is about; null for station-level events */
  readonly tenant: string | null;
  readonly at: string;
  readonly receivedAt: string;
  /** the event body; clear codes are replaced by a marker before it is stored */
  readonly event: Record<string, unknown>;
}

export interface ParcelView {
  readonly parcelId: string;
  readonly compartment: number;
  /** `unknown` only when the bridge missed the order.reserved event */
  readonly zone: string;
  readonly size: string;
  readonly deadline: string | null;
  readonly state: ParcelState;
}

export interface ColdChainView extends ColdChainRecord {
  readonly stationId: string;
  readonly tenant: string;
  readonly orderId: string;
  readonly parcelId: string;
  /** `pickup`: attached to the pickup; `hold`: the record that made the station hold the parcel */
  readonly kind: 'pickup' | 'hold';
  readonly eventId: string;
}

export interface OrderView {
  readonly tenant: string;
  readonly orderId: string;
  readonly stationId: string;
  readonly state: OrderState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly parcels: readonly ParcelView[];
  readonly history: readonly StoredEvent[];
  readonly coldChain: readonly ColdChainView[];
}

export type AlarmState = 'open' | 'cleared';

export interface AlarmView {
  readonly stationId: string;
  readonly alarmId: string;
  readonly kind: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly compartment: number | null;
  readonly probeId: string | null;
  readonly detail: string;
  readonly state: AlarmState;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
  readonly acknowledged: { readonly at: string; readonly by: string; readonly note: string } | null;
}

export interface AlarmFilter {
  readonly state?: AlarmState;
  readonly stationId?: string;
  /** default 500 */
  readonly limit?: number;
}

export interface TemperaturePoint {
  readonly probeId: string;
  readonly compartment: number | null;
  /** start of the bucket */
  readonly at: string;
  readonly samples: number;
  readonly minCelsius: number | null;
  readonly avgCelsius: number | null;
  readonly maxCelsius: number | null;
}

/** One station's day as it reported it (`station.daily_summary`). */
export interface DailySummary {
  readonly stationId: string;
  readonly day: string;
  readonly pickups: number;
  readonly loads: number;
  /** null where the station's software did not report it yet */
  readonly expiries: number | null;
  readonly alarms: number;
  readonly excursions: number | null;
  readonly uptimeMinutes: number | null;
  readonly compartmentUse: readonly {
    readonly zone: string;
    readonly size: string;
    readonly compartments: number;
    readonly loads: number;
    readonly pickups: number;
  }[];
}

export interface DailySummaryFilter {
  /** all stations when absent or empty */
  readonly stationIds?: readonly string[];
  /** inclusive days, YYYY-MM-DD */
  readonly from: string;
  readonly to: string;
}

/**
 * What one tenant may see of a station: only the compartments it may use (shared pool or reserved
 * to it), with the order ids of other tenants' orders blanked, and availability counted over them.
 * Absent: the whole station (the network operator's view).
 */
export interface TenantView {
  readonly tenant: string;
}

export interface StationEventQuery {
  readonly limit: number;
  readonly beforeSeq?: number;
  /**
   * Only the events a tenant may see: those about its own orders and the station's alarms
   * (`alarm.*`). Absent: every event (the network operator's view).
   */
  readonly tenant?: string;
}

export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/**
 * Everything the bridge knows about the fleet. The SQLite implementation serves a village; a server
 * database can implement the same interface for a region. Methods are async for that reason, and
 * each `record*` call is one atomic unit.
 */
export interface FleetStore {
  recordStatus(status: StatusMessage, receivedAt: Date): Promise<StatusOutcome>;
  recordState(state: StateMessage, receivedAt: Date): Promise<void>;
  /** false when the batch was already recorded */
  recordTelemetry(telemetry: TelemetryMessage, receivedAt: Date): Promise<boolean>;
  recordEvent(event: EventMessage, receivedAt: Date): Promise<EventOutcome>;
  hasEvent(stationId: string, seq: number, eventId: string): Promise<boolean>;
  presence(stationId: string): Promise<{ state: StationState; session: number | null } | undefined>;
  /** any message from the station itself (not its will) counts as seen */
  touchStation(stationId: string, at: Date): Promise<void>;

  listStations(view?: TenantView): Promise<StationSummary[]>;
  getStation(stationId: string, view?: TenantView): Promise<StationDetail | undefined>;
  stationEvents(stationId: string, query: StationEventQuery): Promise<StoredEvent[]>;
  temperatureHistory(
    stationId: string,
    range: TimeRange,
    resolutionSeconds: number,
  ): Promise<TemperaturePoint[]>;
  coldChainRecords(stationId: string, range: TimeRange): Promise<ColdChainView[]>;
  /** the stations' daily summaries, by day then station */
  dailySummaries(filter: DailySummaryFilter): Promise<DailySummary[]>;

  /** an order of one tenant; another tenant's order with the same id is not found */
  getOrder(tenant: string, orderId: string): Promise<OrderView | undefined>;
  /** most severe first; within one severity, newest first */
  listAlarms(filter: AlarmFilter): Promise<AlarmView[]>;
  findAlarms(alarmId: string): Promise<AlarmView[]>;

  /**
   * Drops temperature history and events older than `historyBefore`, and the dedup memory of
   * telemetry batches older than `dedupBefore`; returns the rows removed.
   */
  prune(policy: { historyBefore: Date; dedupBefore: Date }): Promise<number>;
  close(): Promise<void>;
}
