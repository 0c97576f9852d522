import type { StationKind } from '@regiobox/contract';
import type { CompartmentStateName } from '../../domain/compartments.js';
import type {
  Availability,
  CompartmentView,
  ProbeReading,
  StationState,
  StationSummary,
} from '../fleet-store.js';

/** Rows as `pg` returns them with `pgTypes`: times ISO strings, json parsed, booleans booleans. */
export interface PgStationRow {
  station_id: string;
  kind: StationKind;
  state: StationState;
  session: number | null;
  session_id: string | null;
  status_at: string | null;
  last_seen_at: string | null;
  last_seq: number;
  state_seq: number;
  state_at: string | null;
  capabilities_json: StationSummary['capabilities'];
  health_json: StationSummary['health'];
  limits_json: StationSummary['limits'];
}

export interface PgCompartmentRow {
  no: number;
  zone: string;
  size: string;
  state: CompartmentStateName;
  door_open: boolean | null;
  occupied: boolean | null;
  celsius: number | null;
  order_id: string | null;
  tenant: string | null;
  blocked_reason: string | null;
  tenants_json: string[] | null;
  updated_at: string;
}

export interface PgProbeRow {
  probe_id: string;
  compartment: number | null;
  celsius: number | null;
  status: ProbeReading['status'];
  at: string;
}

/** `viewer`: the tenant looking; another tenant's order in the compartment shows as busy, unnamed. */
export const toCompartmentView = (r: PgCompartmentRow, viewer?: string): CompartmentView => {
  const foreign = viewer !== undefined && r.order_id !== null && (r.tenant ?? 'default') !== viewer;
  return {
    no: r.no,
    zone: r.zone,
    size: r.size,
    state: r.state,
    doorOpen: r.door_open,
    occupied: r.occupied,
    celsius: r.celsius,
    orderId: foreign ? null : r.order_id,
    tenant: foreign || r.order_id === null ? null : (r.tenant ?? 'default'),
    blockedReason: r.blocked_reason,
    tenants: r.tenants_json,
    updatedAt: r.updated_at,
  };
};

export const toProbeReading = (r: PgProbeRow): ProbeReading => ({
  probeId: r.probe_id,
  compartment: r.compartment,
  celsius: r.celsius,
  status: r.status,
  at: r.at,
});

export const toStationSummary = (
  r: PgStationRow,
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
  capabilities: r.capabilities_json,
  health: r.health_json,
  limits: r.limits_json,
  availability,
  openAlarms,
});

export const jsonOrNull = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v);

/** Runs a DELETE or UPDATE and returns how many rows it changed. */
export const countOf = async (
  sql: { query<R extends object>(t: string, p?: readonly unknown[]): Promise<R[]> },
  text: string,
  params: readonly unknown[],
): Promise<number> => {
  const [r] = await sql.query<{ n: number }>(
    `WITH changed AS (${text} RETURNING 1) SELECT COUNT(*) AS n FROM changed`,
    params,
  );
  return r?.n ?? 0;
};
