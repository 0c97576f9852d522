import type { StationKind } from '@regiobox/contract';
import type { CompartmentStateName } from '../../domain/compartments.js';
import type {
  AlarmState,
  AlarmView,
  Availability,
  CompartmentView,
  ProbeReading,
  StationState,
  StationSummary,
} from '../fleet-store.js';

export interface StationRow {
  station_id: string;
  state: StationState;
  session: number | null;
  session_id: string | null;
  status_at: string | null;
  last_seen_at: string | null;
  last_seq: number;
  state_seq: number;
  state_at: string | null;
  capabilities_json: string | null;
  health_json: string | null;
  limits_json: string | null;
  kind: StationKind;
}

export interface CompartmentRow {
  no: number;
  zone: string;
  size: string;
  state: CompartmentStateName;
  door_open: number | null;
  occupied: number | null;
  celsius: number | null;
  order_id: string | null;
  tenant: string | null;
  blocked_reason: string | null;
  tenants_json: string | null;
  updated_at: string;
}

export interface ProbeRow {
  probe_id: string;
  compartment: number | null;
  celsius: number | null;
  status: ProbeReading['status'];
  at: string;
}

const bool = (v: number | null): boolean | null => (v === null ? null : v !== 0);
const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** `viewer`: the tenant looking; another tenant's order in the compartment shows as busy, unnamed. */
export const toCompartmentView = (r: CompartmentRow, viewer?: string): CompartmentView => {
  const foreign = viewer !== undefined && r.order_id !== null && (r.tenant ?? 'default') !== viewer;
  return {
    no: r.no,
    zone: r.zone,
    size: r.size,
    state: r.state,
    doorOpen: bool(r.door_open),
    occupied: bool(r.occupied),
    celsius: r.celsius,
    orderId: foreign ? null : r.order_id,
    tenant: foreign || r.order_id === null ? null : (r.tenant ?? 'default'),
    blockedReason: r.blocked_reason,
    tenants: json(r.tenants_json),
    updatedAt: r.updated_at,
  };
};

export const toProbeReading = (r: ProbeRow): ProbeReading => ({
  probeId: r.probe_id,
  compartment: r.compartment,
  celsius: r.celsius,
  status: r.status,
  at: r.at,
});

export const toStationSummary = (
  r: StationRow,
  availability: readonly Availability[],
  openAlarms: number,
): StationSummary => ({
  stationId: r.station_id,
  kind: r.kind,
  state: r.state,
  session: r.session,
  statusAt: r.status_at,
  lastSeenAt: r.last_seen_at,
  lastSeq: r.last_seq,
  capabilities: json(r.capabilities_json),
  health: json(r.health_json),
  limits: json(r.limits_json),
  availability,
  openAlarms,
});

/** Stations may stamp times with an offset; stored times are UTC so that they compare as text. */
export const iso = (time: string): string => new Date(time).toISOString();

export const dbBool = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

/** A `fleet_alarms` row, the same on SQLite and PostgreSQL. */
export interface AlarmRow {
  station_id: string;
  alarm_id: string;
  kind: string;
  severity: AlarmView['severity'];
  compartment: number | null;
  probe_id: string | null;
  detail: string;
  state: AlarmState;
  raised_at: string;
  cleared_at: string | null;
  acked_at: string | null;
  acked_by: string | null;
  ack_note: string | null;
}

export const toAlarmView = (r: AlarmRow): AlarmView => ({
  stationId: r.station_id,
  alarmId: r.alarm_id,
  kind: r.kind,
  severity: r.severity,
  compartment: r.compartment,
  probeId: r.probe_id,
  detail: r.detail,
  state: r.state,
  raisedAt: r.raised_at,
  clearedAt: r.cleared_at,
  acknowledged: r.acked_at ? { at: r.acked_at, by: r.acked_by ?? '', note: r.ack_note ?? '' } : null,
});
