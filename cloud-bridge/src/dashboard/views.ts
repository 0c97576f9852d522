import { DEFAULT_ZONE_THRESHOLDS } from '@regiobox/contract';
import type {
  AlarmView,
  Availability,
  CompartmentView,
  StationDetail,
  StationSummary,
  TemperaturePoint,
} from '../store/fleet-store.js';

/** What the pages read; shaped here so that the browser code only draws. */

export interface ZoneAvailability {
  readonly zone: string;
  readonly free: number;
  readonly total: number;
}

export interface ZoneLimits {
  readonly upperCelsius: number | null;
  readonly lowerCelsius: number | null;
}

export type StationLabels = Readonly<Record<string, string>>;

// Coldest first: the zones where a fault costs most come first on every page.
const ZONE_ORDER = ['frozen', 'cold', 'chilled', 'ambient'];
const zoneRank = (zone: string): number => {
  const i = ZONE_ORDER.indexOf(zone);
  return i < 0 ? ZONE_ORDER.length : i;
};
const byZone = (a: string, b: string): number => zoneRank(a) - zoneRank(b) || a.localeCompare(b);

/** Free and total compartments per zone, all sizes together. */
export const zoneAvailability = (availability: readonly Availability[]): ZoneAvailability[] => {
  const zones = new Map<string, { free: number; total: number }>();
  for (const a of availability) {
    const z = zones.get(a.zone) ?? { free: 0, total: 0 };
    zones.set(a.zone, { free: z.free + a.free, total: z.total + a.total });
  }
  return [...zones.entries()].sort(([a], [b]) => byZone(a, b)).map(([zone, z]) => ({ zone, ...z }));
};

/** The defaults, for a station that has not reported its limits (software from before it did). */
export const defaultZoneLimits = (zone: string): ZoneLimits | null => {
  const t = (
    DEFAULT_ZONE_THRESHOLDS as Readonly<Record<string, (typeof DEFAULT_ZONE_THRESHOLDS)['chilled']>>
  )[zone];
  return t ? { upperCelsius: t.upperCelsius, lowerCelsius: t.lowerCelsius } : null;
};

type ReportedLimits = NonNullable<StationSummary['limits']>;

/**
 * A zone's limits as the station applies them: those most of its compartments of the zone have (a
 * compartment with its own override has its own lines, `compartmentLimits`), else the defaults.
 */
export const zoneLimits = (
  zone: string,
  reported: ReportedLimits | null | undefined = null,
): ZoneLimits | null => {
  const counts = new Map<string, { limits: ZoneLimits; n: number }>();
  for (const l of reported ?? []) {
    if (l.zone !== zone) continue;
    const key = `${l.upperCelsius}/${l.lowerCelsius}`;
    const c = counts.get(key) ?? {
      limits: { upperCelsius: l.upperCelsius, lowerCelsius: l.lowerCelsius },
      n: 0,
    };
    counts.set(key, { ...c, n: c.n + 1 });
  }
  const common = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return common ? common.limits : defaultZoneLimits(zone);
};

/** Per compartment number, the limits the station reported for it. */
export const compartmentLimits = (reported: ReportedLimits | null | undefined): Record<number, ZoneLimits> =>
  Object.fromEntries(
    (reported ?? []).map((l) => [
      l.compartment,
      { upperCelsius: l.upperCelsius, lowerCelsius: l.lowerCelsius },
    ]),
  );

export const stationSummaryView = (s: StationSummary, labels: StationLabels) => ({
  stationId: s.stationId,
  kind: s.kind,
  label: labels[s.stationId] ?? null,
  state: s.state,
  statusAt: s.statusAt,
  lastSeenAt: s.lastSeenAt,
  openAlarms: s.openAlarms,
  zones: zoneAvailability(s.availability),
  health: s.health,
  capabilities: s.capabilities,
});
export type StationSummaryView = ReturnType<typeof stationSummaryView>;

/** Stations with open alarms first, then offline ones, then by id: trouble at the top. */
export const fleetView = (stations: readonly StationSummary[], labels: StationLabels) => {
  const views = stations.map((s) => stationSummaryView(s, labels));
  views.sort(
    (a, b) =>
      Number(b.openAlarms > 0) - Number(a.openAlarms > 0) ||
      Number(a.state === 'online') - Number(b.state === 'online') ||
      a.stationId.localeCompare(b.stationId),
  );
  return {
    stations: views,
    online: views.filter((s) => s.state === 'online').length,
    openAlarms: views.reduce((n, s) => n + s.openAlarms, 0),
  };
};

const compartmentOrder = (a: CompartmentView, b: CompartmentView) => a.no - b.no;

/** The parcel in a compartment, for the hold decision and deadline buttons. */
export interface ParcelRef {
  /** the order's tenant: order ids are unique per tenant only */
  readonly tenant: string;
  readonly orderId: string;
  readonly parcelId: string;
  readonly state: string;
  readonly deadline: string | null;
}

export const stationDetailView = (
  s: StationDetail,
  labels: StationLabels,
  parcels: ReadonlyMap<number, ParcelRef> = new Map(),
) => ({
  ...stationSummaryView(s, labels),
  compartments: [...s.compartments]
    .sort(compartmentOrder)
    .map((c) => ({ ...c, parcel: parcels.get(c.no) ?? null })),
  probes: s.probes,
  limits: Object.fromEntries(
    [...new Set(s.compartments.map((c) => c.zone))]
      .sort(byZone)
      .map((zone) => [zone, zoneLimits(zone, s.limits)]),
  ),
  compartmentLimits: compartmentLimits(s.limits),
});

export interface TemperatureSeries {
  readonly probeId: string;
  readonly compartment: number | null;
  readonly zone: string | null;
  /** [time in ms, average, minimum, maximum] per bucket; a bucket without valid samples has nulls */
  readonly points: readonly (readonly [number, number | null, number | null, number | null])[];
}

/** One line per probe, ordered by compartment, each named by the zone of its compartment. */
export const temperatureSeries = (
  points: readonly TemperaturePoint[],
  compartments: readonly CompartmentView[],
): TemperatureSeries[] => {
  const zoneOf = new Map(compartments.map((c) => [c.no, c.zone]));
  const series = new Map<
    string,
    { compartment: number | null; points: TemperatureSeries['points'][number][] }
  >();
  for (const p of points) {
    const s = series.get(p.probeId) ?? { compartment: p.compartment, points: [] };
    s.points.push([Date.parse(p.at), p.avgCelsius, p.minCelsius, p.maxCelsius]);
    series.set(p.probeId, s);
  }
  return [...series.entries()]
    .map(([probeId, s]) => ({
      probeId,
      compartment: s.compartment,
      zone: s.compartment === null ? null : (zoneOf.get(s.compartment) ?? null),
      points: s.points.sort((a, b) => a[0] - b[0]),
    }))
    .sort((a, b) => (a.compartment ?? 1e9) - (b.compartment ?? 1e9) || a.probeId.localeCompare(b.probeId));
};

/**
 * About 300 points per line whatever the range (enough for a chart, small on the wire), in whole
 * multiples of the stored bucket, as the store merges them.
 */
export const resolutionFor = (hours: number, bucketSeconds: number): number =>
  Math.max(bucketSeconds, Math.floor((hours * 3600) / 300 / bucketSeconds) * bucketSeconds);

export const alarmView = (a: AlarmView, labels: StationLabels) => ({
  ...a,
  stationLabel: labels[a.stationId] ?? null,
});
