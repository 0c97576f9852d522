import { DEFAULT_TENANT, StationId } from '@regiobox/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { BridgeError } from '../errors.js';
import type { FleetStore, StationDetail } from '../store/fleet-store.js';
import type { Access } from './access.js';
import { DashboardError, parseInput } from './errors.js';
import { sessionOf } from './guard.js';
import {
  alarmView,
  fleetView,
  type ParcelRef,
  resolutionFor,
  type StationLabels,
  stationDetailView,
  temperatureSeries,
} from './views.js';

/**
 * What became of an `ack_alarm` command within the time the request waited: carried out, sent but
 * not yet answered, queued for an offline station, or refused by the station.
 */
export type AckOutcome =
  | { readonly kind: 'done' | 'sent'; readonly commandId: string }
  | { readonly kind: 'queued'; readonly commandId: string; readonly expiresAt: string }
  | { readonly kind: 'refused'; readonly message: string };

/** The bridge's acknowledgement path: sends `ack_alarm` to the station (`StationCommands.ackAlarm`). */
export type AckAlarm = (alarmId: string, by: string, note: string, stationId: string) => Promise<AckOutcome>;

export interface ApiDeps {
  readonly store: FleetStore;
  readonly ackAlarm: AckAlarm;
  readonly accessOf: (request: FastifyRequest) => Access;
  readonly clock: Clock;
  readonly labels: StationLabels;
  /** width of the stored temperature buckets (`history.bucketSeconds`) */
  readonly historyBucketSeconds: number;
}

const StationParams = z.object({ stationId: StationId });
const HistoryQuery = z.object({ hours: z.coerce.number().int().min(1).max(720).default(24) });
const EventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});
const AlarmsQuery = z.object({
  state: z.enum(['open', 'all']).default('open'),
  stationId: StationId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
// The same bounds as the ack_alarm command, so the station never refuses what the page accepted.
const AckBody = z.object({
  stationId: StationId,
  alarmId: z.string().min(1).max(64),
  note: z.string().trim().max(500).default(''),
});

const DAY_MS = 86_400_000;

export const registerApiRoutes = (scope: FastifyInstance, d: ApiDeps): void => {
  const station = async (request: FastifyRequest) => {
    const { stationId } = parseInput(StationParams, request.params, 'params');
    const detail = d.accessOf(request).sees(stationId) ? await d.store.getStation(stationId) : undefined;
    if (!detail) throw new DashboardError('UNKNOWN_STATION', `station ${stationId} has never reported`);
    return detail;
  };

  scope.get('/api/me', (request) => {
    const s = sessionOf(request);
    const access = d.accessOf(request);
    return {
      operator: s.operator,
      expiresAt: s.expiresAt.toISOString(),
      role: access.role,
      canAct: access.canAct,
      groups: access.groups,
      language: access.language ?? languageOf(request.headers['accept-language']),
    };
  });

  scope.get('/api/fleet', async (request) => {
    const access = d.accessOf(request);
    const stations = (await d.store.listStations()).filter((s) => access.sees(s.stationId));
    return { ...fleetView(stations, d.labels), at: d.clock.now().toISOString() };
  });

  scope.get('/api/stations/:stationId', async (request) => {
    const s = await station(request);
    return stationDetailView(s, d.labels, await parcelsIn(d.store, s.compartments));
  });

  scope.get('/api/stations/:stationId/temperatures', async (request) => {
    const s = await station(request);
    const { hours } = parseInput(HistoryQuery, request.query, 'query');
    const to = d.clock.now();
    const from = new Date(to.getTime() - hours * 3_600_000);
    const resolutionSeconds = resolutionFor(hours, d.historyBucketSeconds);
    const points = await d.store.temperatureHistory(s.stationId, { from, to }, resolutionSeconds);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      resolutionSeconds,
      series: temperatureSeries(points, s.compartments),
    };
  });

  scope.get('/api/stations/:stationId/events', async (request) => {
    const s = await station(request);
    const q = parseInput(EventsQuery, request.query, 'query');
    const events = await d.store.stationEvents(s.stationId, {
      limit: q.limit,
      ...(q.beforeSeq ? { beforeSeq: q.beforeSeq } : {}),
    });
    return { events };
  });

  scope.get('/api/alarms', async (request) => {
    const q = parseInput(AlarmsQuery, request.query, 'query');
    const access = d.accessOf(request);
    const alarms = (
      await d.store.listAlarms({
        ...(q.state === 'open' ? { state: 'open' as const } : {}),
        ...(q.stationId ? { stationId: q.stationId } : {}),
        limit: q.limit,
      })
    ).filter((a) => access.sees(a.stationId));
    // "all" means the recent past: what is open, and what happened in the last week.
    const since = d.clock.now().getTime() - 7 * DAY_MS;
    const shown =
      q.state === 'all'
        ? alarms.filter((a) => a.state === 'open' || Date.parse(a.raisedAt) >= since)
        : alarms;
    return { alarms: shown.map((a) => alarmView(a, d.labels)) };
  });

  scope.post('/api/alarms/ack', async (request, reply) => {
    if (!request.headers['content-type']?.startsWith('application/json')) {
      throw new DashboardError('INVALID_REQUEST', 'send the acknowledgement as JSON');
    }
    const body = parseInput(AckBody, request.body, 'body');
    const access = d.accessOf(request);
    if (!access.sees(body.stationId))
      throw new DashboardError('UNKNOWN_ALARM', `alarm ${body.alarmId} is not known at ${body.stationId}`);
    if (!access.canAct) throw new DashboardError('FORBIDDEN_ROLE', 'your role may look, not act');
    const operator = access.operator;
    const alarm = (await d.store.findAlarms(body.alarmId)).find((a) => a.stationId === body.stationId);
    if (!alarm)
      throw new DashboardError('UNKNOWN_ALARM', `alarm ${body.alarmId} is not known at ${body.stationId}`);
    if (alarm.acknowledged) {
      const { by, at } = alarm.acknowledged;
      throw new DashboardError('ALREADY_ACKNOWLEDGED', `already acknowledged by ${by} at ${at}`);
    }
    const outcome = await acknowledge(d.ackAlarm, body.alarmId, operator, body.note, body.stationId);
    request.log.info(
      { operator, stationId: body.stationId, alarmId: body.alarmId, outcome: outcome.kind },
      'alarm acknowledged',
    );
    return reply.code(outcome.kind === 'done' ? 200 : 202).send(ackAnswer(outcome));
  });
};

/** The parcel each compartment holds, from the orders the bridge knows. */
const parcelsIn = async (store: FleetStore, compartments: StationDetail['compartments']) => {
  const parcels = new Map<number, ParcelRef>();
  const keys = new Map<string, { tenant: string; orderId: string }>();
  for (const c of compartments) {
    const tenant = c.tenant ?? DEFAULT_TENANT;
    if (c.orderId) keys.set(JSON.stringify([tenant, c.orderId]), { tenant, orderId: c.orderId });
  }
  for (const { tenant, orderId } of keys.values()) {
    const order = await store.getOrder(tenant, orderId);
    for (const p of order?.parcels ?? []) {
      const inside = (c: StationDetail['compartments'][number]) =>
        c.no === p.compartment && c.orderId === orderId && (c.tenant ?? DEFAULT_TENANT) === tenant;
      if (!compartments.some(inside)) continue;
      parcels.set(p.compartment, {
        tenant,
        orderId,
        parcelId: p.parcelId,
        state: p.state,
        deadline: p.deadline,
      });
    }
  }
  return parcels;
};

/** `de` when the browser prefers German to English, else `en`. */
export const languageOf = (header: string | undefined): 'de' | 'en' => {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('de')) return 'de';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
};

const acknowledge = async (ack: AckAlarm, alarmId: string, by: string, note: string, stationId: string) => {
  try {
    return await ack(alarmId, by, note, stationId);
  } catch (err) {
    if (err instanceof BridgeError && err.code === 'UNKNOWN_ALARM')
      throw new DashboardError('UNKNOWN_ALARM', err.message);
    throw err;
  }
};

const ackAnswer = (o: AckOutcome) => {
  switch (o.kind) {
    case 'done':
      return { status: 'done', commandId: o.commandId, detail: 'The station confirmed the acknowledgement.' };
    case 'sent':
      return {
        status: 'sent',
        commandId: o.commandId,
        detail: 'Sent to the station; waiting for its confirmation.',
      };
    case 'queued':
      return {
        status: 'queued',
        commandId: o.commandId,
        detail: `The station is offline; it receives the acknowledgement when it reconnects (until ${o.expiresAt}).`,
      };
    case 'refused':
      throw new DashboardError('STATION_REFUSED', `The station refused: ${o.message}`);
  }
};
