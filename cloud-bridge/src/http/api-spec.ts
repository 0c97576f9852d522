import type { z } from 'zod';
import * as S from './schemas.js';
import * as D from './schemas-fleet-days.js';
import * as T from './schemas-tours.js';

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** default application/json (application/problem+json for 4xx/5xx) */
  readonly contentType?: string;
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** OpenAPI form: /v1/stations/{stationId} */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: 'reservations' | 'orders' | 'stations' | 'alarms' | 'health';
  readonly auth: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

const problem = (description: string): ResponseSpec => ({ description, schema: S.Problem });
const common = {
  400: problem('the request is invalid; `errors` names each field'),
  401: problem('missing or wrong API key'),
  500: problem('the bridge failed to handle the request (`INTERNAL`)'),
} as const;
/** What every route with a body may answer before its handler runs (Fastify's parser). */
const bodyErrors = {
  413: problem('the body is larger than `http.bodyLimitBytes` (`BODY_TOO_LARGE`)'),
  415: problem('the body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`)'),
} as const;
/** How a station's refusal of a command reads (see `stationRefusal` in problem.ts). */
const stationRefusals = {
  404: problem('unknown station, order, parcel, compartment or alarm'),
  409: problem('the station refused it in its current state'),
  422: problem('the station found a deadline or threshold invalid, or is no van (a tour)'),
  429: problem('the station is rate-limiting commands'),
  502: problem('the station answered with an error'),
  503: problem('the station cannot act now (board unreachable, storage fault, no codes left)'),
} as const;
/** Station-level operations are the network operator's (`tenants[].network`). */
const networkOnly = {
  403: problem("the API key's tenant is not the network operator (`NETWORK_OPERATOR_ONLY`)"),
} as const;
const commandResponses = {
  200: { description: 'the station carried it out', schema: S.CommandOutcome },
  202: {
    description:
      'station offline (queued until `expiresAt`) or no answer yet; the outcome follows by webhook',
    schema: S.CommandOutcome,
  },
  ...common,
  ...bodyErrors,
  ...stationRefusals,
} as const;

/** Every route of the API. Handlers are registered from this table, and the OpenAPI document too. */
export const API = {
  health: {
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness and broker connection (no API key needed)',
    tag: 'health',
    auth: false,
    responses: { 200: { description: 'running', schema: S.Health } },
  },
  createReservation: {
    method: 'POST',
    path: '/v1/stations/{stationId}/reservations',
    summary: 'Reserve compartments for an order',
    description:
      'Waits a few seconds for the station. 201 carries the compartments and the clear codes, which the bridge does not keep. 202 means the station is offline (the reservation waits until `expiresAt`) or slow; poll `GET /v1/reservations/{reservationId}` or wait for the `reservation.*` webhook. Repeating the request for a queued order returns the same reservation.',
    tag: 'reservations',
    auth: true,
    params: S.StationParams,
    body: S.ReservationRequest,
    responses: {
      201: { description: 'reserved; codes included (shown only here)', schema: S.Reservation },
      202: { description: 'queued or awaiting the station', schema: S.Reservation },
      ...common,
      ...bodyErrors,
      ...stationRefusals,
      404: problem('unknown station'),
      409: problem('no free compartment (`parcelId` says for which parcel) or the order exists already'),
    },
  },
  getReservation: {
    method: 'GET',
    path: '/v1/reservations/{reservationId}',
    summary: 'State of a reservation; its codes once, if no one received them yet',
    tag: 'reservations',
    auth: true,
    params: S.ReservationParams,
    responses: {
      200: { description: 'the reservation', schema: S.Reservation },
      ...common,
      404: problem('unknown'),
    },
  },
  getOrder: {
    method: 'GET',
    path: '/v1/orders/{orderId}',
    summary: 'An order with its parcels, event history and cold-chain records',
    tag: 'orders',
    auth: true,
    params: S.OrderParams,
    responses: {
      200: { description: 'the order', schema: S.Order },
      ...common,
      404: problem('unknown order'),
    },
  },
  cancelOrder: {
    method: 'POST',
    path: '/v1/orders/{orderId}/cancel',
    summary: 'Cancel an order (a queued reservation is withdrawn before it reaches the station)',
    tag: 'orders',
    auth: true,
    params: S.OrderParams,
    body: S.CancelRequest,
    responses: commandResponses,
  },
  extendOrder: {
    method: 'POST',
    path: '/v1/orders/{orderId}/extend',
    summary: 'Move the pickup deadline of an order',
    tag: 'orders',
    auth: true,
    params: S.OrderParams,
    body: S.ExtendRequest,
    responses: commandResponses,
  },
  decideHold: {
    method: 'POST',
    path: '/v1/orders/{orderId}/parcels/{parcelId}/hold-decision',
    summary: 'Decide on a parcel the station holds for its cold chain (signed by the bridge)',
    description:
      'The answer to `parcel.held`: `release` lifts the block and the customer can collect; `discard` keeps the compartment blocked until the producer takes the goods back with a retrieval code (sent in `codes.issued`). Who decided and why come back with the `parcel.hold_decided` event. Like a service opening, the command lives only 30 s: a station that is offline longer never gets it (`command.expired`), and the decision must be sent again. 409 `PARCEL_NOT_HELD` when the bridge knows the parcel is not held.',
    tag: 'orders',
    auth: true,
    params: S.ParcelParams,
    body: S.HoldDecisionRequest,
    responses: {
      ...commandResponses,
      404: problem('unknown order or parcel'),
      409: problem('the parcel is not held, or the station refused the decision in its current state'),
    },
  },
  listStations: {
    method: 'GET',
    path: '/v1/stations',
    summary: 'All stations: online, last seen, free compartments per zone and size',
    tag: 'stations',
    auth: true,
    responses: { 200: { description: 'stations', schema: S.StationList }, ...common },
  },
  getStation: {
    method: 'GET',
    path: '/v1/stations/{stationId}',
    summary: 'One station with its compartments and probes',
    tag: 'stations',
    auth: true,
    params: S.StationParams,
    responses: {
      200: { description: 'the station', schema: S.StationDetail },
      ...common,
      404: problem('unknown'),
    },
  },
  stationEvents: {
    method: 'GET',
    path: '/v1/stations/{stationId}/events',
    summary: 'Event history of a station, newest first',
    tag: 'stations',
    auth: true,
    params: S.StationParams,
    query: S.EventQuery,
    responses: { 200: { description: 'events', schema: S.EventList }, ...common, 404: problem('unknown') },
  },
  stationTemperatures: {
    method: 'GET',
    path: '/v1/stations/{stationId}/temperatures',
    summary: 'Temperature history per probe, down-sampled, for charts',
    tag: 'stations',
    auth: true,
    params: S.StationParams,
    query: S.TemperatureQuery,
    responses: {
      200: { description: 'history', schema: S.TemperatureHistory },
      ...common,
      404: problem('unknown'),
    },
  },
  haccpCsv: {
    method: 'GET',
    path: '/v1/stations/{stationId}/haccp.csv',
    summary: 'HACCP log of a station for a period, as CSV',
    description:
      'One row per temperature bucket and probe (`row_type` = sample) and one per cold-chain record (`row_type` = record), ordered by time. Columns: row_type, station_id, compartment, zone, probe_id, from, to, samples, min_c, avg_c, max_c, limit_c, minutes_above_limit, minutes_unknown, breached, order_id, parcel_id, record_kind. Empty cells mean "not applicable". Times are UTC ISO 8601; temperatures in °C with a decimal point.',
    tag: 'stations',
    auth: true,
    params: S.StationParams,
    query: S.HaccpQuery,
    responses: {
      200: { description: 'the CSV', contentType: 'text/csv' },
      ...common,
      404: problem('unknown station'),
    },
  },
  serviceOpen: {
    method: 'POST',
    path: '/v1/stations/{stationId}/compartments/{no}/service-open',
    summary: 'Open one compartment for service (signed by the bridge; valid for a short time only)',
    tag: 'stations',
    auth: true,
    params: S.CompartmentParams,
    body: S.ServiceOpenRequest,
    responses: { ...commandResponses, ...networkOnly },
  },
  setThresholds: {
    method: 'PUT',
    path: '/v1/stations/{stationId}/thresholds',
    summary: "Change one zone's temperature limits at a station (signed `set_thresholds`, audited there)",
    description:
      "Any subset of upperCelsius, lowerCelsius, delaySeconds, hysteresisCelsius, budgetMinutes, thawLimitCelsius; `null` switches a limit off. The station applies them from its next sample on and never to what it recorded before; a compartment's own config override stays on top. 422 `INVALID_THRESHOLDS` when the merged limits contradict each other; nothing changes then.",
    tag: 'stations',
    auth: true,
    params: S.StationParams,
    body: D.ThresholdsRequest,
    responses: { ...commandResponses, ...networkOnly },
  },
  setTour: {
    method: 'PUT',
    path: '/v1/stations/{stationId}/tour',
    summary:
      'Send a sales van its tour (signed `set_tour`): stops with place, window and the orders handed out there',
    description:
      "Each stop: `stopId`, `place` (`name`, `lat`, `lon`, `radius` in metres), `window` (`from`, `to`) and `orderIds`. Replaces the van's tour. A customer's PIN of an order named at a stop then opens only at that stop (GPS within the radius, or confirmed by the driver) and inside its window, give or take the van's `van.graceMinutes`; elsewhere the van's screen says where and when it will be. 422 `NOT_A_VAN` from a station whose kind is not van.",
    tag: 'stations',
    auth: true,
    params: S.StationParams,
    body: T.TourRequest,
    responses: commandResponses,
  },
  getTour: {
    method: 'GET',
    path: '/v1/stations/{stationId}/tour',
    summary:
      "A sales van's tour as it goes: the stop it is at, how late it runs, its last position and contact",
    description:
      "Built from the van's `tour.*` events, which arrive in order also after a drop of its link. 404 `NO_TOUR` when the van never accepted a tour.",
    tag: 'stations',
    auth: true,
    params: S.StationParams,
    responses: {
      200: { description: 'the tour and its progress', schema: T.TourStatusResponse },
      ...common,
      404: problem('unknown station, or no tour'),
    },
  },
  dailySummaries: {
    method: 'GET',
    path: '/v1/daily-summaries',
    summary: 'What the stations did, per station and day (their `station.daily_summary` events)',
    tag: 'stations',
    auth: true,
    query: D.DailySummaryQuery,
    responses: {
      ...networkOnly,
      200: { description: 'the summaries', schema: D.DailySummaryList },
      ...common,
    },
  },
  dailySummariesCsv: {
    method: 'GET',
    path: '/v1/daily-summaries.csv',
    summary: 'The same as CSV, one row per station and day',
    description:
      'Columns: station_id, day, pickups, loads, expiries, alarms, temperature_excursions, uptime_minutes, then per zone and size present in the period `<zone>_<size>_compartments`, `<zone>_<size>_loads`, `<zone>_<size>_pickups`. Empty cells: not reported.',
    tag: 'stations',
    auth: true,
    query: D.DailySummaryQuery,
    responses: { ...networkOnly, 200: { description: 'the CSV', contentType: 'text/csv' }, ...common },
  },
  listAlarms: {
    method: 'GET',
    path: '/v1/alarms',
    summary: 'Alarms across the fleet, most severe first, then newest first',
    tag: 'alarms',
    auth: true,
    query: S.AlarmQuery,
    responses: { 200: { description: 'alarms', schema: S.AlarmList }, ...common },
  },
  ackAlarm: {
    method: 'POST',
    path: '/v1/alarms/{alarmId}/ack',
    summary: 'Acknowledge an alarm (sent to the station)',
    tag: 'alarms',
    auth: true,
    params: S.AlarmParams,
    body: S.AckRequest,
    responses: { ...commandResponses, ...networkOnly },
  },
} as const satisfies Record<string, RouteSpec>;

export type ApiOperation = keyof typeof API;
