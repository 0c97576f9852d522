import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { dailySummaryCsv, dailyTotals } from '../marketplace/daily-csv.js';
import type { DailySummary, FleetStore } from '../store/fleet-store.js';
import type { Access } from './access.js';
import { DashboardError, parseInput } from './errors.js';
import type { StationLabels } from './views.js';

export interface DaysDeps {
  readonly store: FleetStore;
  readonly accessOf: (request: FastifyRequest) => Access;
  readonly clock: Clock;
  readonly labels: StationLabels;
  /** the dashboard config's towns and regions: group name → station ids */
  readonly stationGroups: Readonly<Record<string, readonly string[]>>;
}

const DAY_MS = 86_400_000;
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const DaysQuery = z.object({
  from: Day.optional(),
  to: Day.optional(),
  group: z.string().min(1).max(100).optional(),
});

type Use = DailySummary['compartmentUse'][number];

/** Compartment use summed per zone and size: compartments as the most a day had, loads and pickups added. */
const useOf = (rows: readonly DailySummary[]): Use[] => {
  const byKind = new Map<string, Use>();
  for (const u of rows.flatMap((r) => r.compartmentUse)) {
    const key = `${u.zone}_${u.size}`;
    const had = byKind.get(key);
    byKind.set(
      key,
      had
        ? {
            ...had,
            compartments: Math.max(had.compartments, u.compartments),
            loads: had.loads + u.loads,
            pickups: had.pickups + u.pickups,
          }
        : { ...u },
    );
  }
  return [...byKind.values()].sort((a, b) => `${a.zone}_${a.size}`.localeCompare(`${b.zone}_${b.size}`));
};

const summary = (rows: readonly DailySummary[]) => ({ ...dailyTotals(rows), compartmentUse: useOf(rows) });

/**
 * What the operator's stations did per day: per station and day, per town (station group) and for
 * all the operator's stations, and the same rows as CSV. An operator scoped to groups gets only
 * their groups' stations and towns, whatever the query names.
 */
export const registerDaysRoutes = (scope: FastifyInstance, d: DaysDeps): void => {
  const visible = async (request: FastifyRequest) => {
    const access = d.accessOf(request);
    const q = parseInput(DaysQuery, request.query, 'query');
    const today = d.clock.now().toISOString().slice(0, 10);
    const to = q.to ?? today;
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 6 * DAY_MS).toISOString().slice(0, 10);
    if (to < from) throw new DashboardError('INVALID_REQUEST', 'query.to must not lie before query.from');
    const towns = Object.entries(d.stationGroups).filter(
      ([name]) => access.groups === null || access.groups.includes(name),
    );
    if (q.group !== undefined && !towns.some(([name]) => name === q.group))
      throw new DashboardError('NOT_FOUND', `no station group ${q.group} among yours`);
    const wanted = q.group ? new Set(d.stationGroups[q.group]) : null;
    // read every station's days and let `sees` decide: the store takes an empty id list as "all"
    const rows = (await d.store.dailySummaries({ from, to })).filter(
      (r) => access.sees(r.stationId) && (wanted === null || wanted.has(r.stationId)),
    );
    return { from, to, rows, towns };
  };

  scope.get('/api/days', async (request) => {
    const { from, to, rows, towns } = await visible(request);
    const stationIds = [...new Set(rows.map((r) => r.stationId))].sort();
    return {
      from,
      to,
      all: summary(rows),
      towns: towns.map(([name, ids]) => {
        const members = new Set(ids);
        return { name, stations: ids.length, ...summary(rows.filter((r) => members.has(r.stationId))) };
      }),
      stations: stationIds.map((stationId) => {
        const own = rows.filter((r) => r.stationId === stationId);
        return { stationId, label: d.labels[stationId] ?? null, ...summary(own), days: own };
      }),
    };
  });

  scope.get('/api/days.csv', async (request, reply) => {
    const { from, to, rows } = await visible(request);
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="daily-${from}-${to}.csv"`);
    return dailySummaryCsv(rows);
  });
};
