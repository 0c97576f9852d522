import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment } from '../test-support/messages.js';
import { openApiViolations } from '../test-support/openapi-conformance.js';
import { reserveAnswer } from '../test-support/station-peer.js';
import { until } from '../test-support/until.js';
import { API, type RouteSpec } from './api-spec.js';

const S = 'marktplatz-9';
const deadline = new Date(Date.now() + 86_400_000).toISOString();
const BODY_LIMIT = 2048;

/** The answer as a marketplace receives it, and what openapi.yaml says is wrong with it. */
const call = async (method: string, url: string, body?: string, contentType = 'application/json') => {
  const res = await fetch(`${bridgeUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  return {
    status: res.status,
    violations: openApiViolations(method, url, res.status, res.headers.get('content-type'), text),
  };
};
let bridgeUrl = '';

const concrete = (spec: RouteSpec) =>
  spec.path
    .replace('{stationId}', S)
    .replace('{orderId}', 'o-1')
    .replace('{parcelId}', 'p-1')
    .replace('{no}', '1')
    .replace('{alarmId}', 'a-1');

describe('every answer of the API is one openapi.yaml allows', () => {
  let t: TestBridge;
  beforeAll(async () => {
    t = await startTestBridge({ http: { bodyLimitBytes: BODY_LIMIT } });
    bridgeUrl = t.bridge.httpUrl;
    const peer = await t.station(S, 1, [compartment(1), compartment(2)]);
    peer.respond = reserveAnswer;
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');
    await peer.event({
      type: 'order.reserved',
      orderId: 'o-1',
      parcels: [{ parcelId: 'p-1', compartment: 1, zone: 'chilled', size: 'M', deadline }],
    });
    await peer.event({ type: 'parcel.loaded', orderId: 'o-1', parcelId: 'p-1', compartment: 1 });
    await until(
      'order stored',
      async () => (await t.bridge.store.getOrder('default', 'o-1'))?.history.length === 2,
    );
  });
  afterAll(async () => t.dispose());

  it('the station list and a station carry no field the document does not declare', async () => {
    expect(await call('GET', '/v1/stations')).toEqual({ status: 200, violations: [] });
    expect(await call('GET', `/v1/stations/${S}`)).toEqual({ status: 200, violations: [] });
  });

  it("an order's history and a station's events carry no field the document does not declare", async () => {
    expect(await call('GET', '/v1/orders/o-1')).toEqual({ status: 200, violations: [] });
    expect(await call('GET', `/v1/stations/${S}/events`)).toEqual({ status: 200, violations: [] });
  });

  it('every route with a body declares 415 for a non-JSON body and 413 for one too large', async () => {
    const withBody = Object.values(API).filter((spec: RouteSpec) => spec.body !== undefined);
    expect(withBody.length).toBeGreaterThan(5);
    for (const spec of withBody) {
      const url = concrete(spec);
      expect(await call(spec.method, url, 'open please', 'text/plain'), url).toEqual({
        status: 415,
        violations: [],
      });
      const huge = JSON.stringify({ reason: 'x'.repeat(BODY_LIMIT * 2) });
      expect(await call(spec.method, url, huge), url).toEqual({ status: 413, violations: [] });
    }
  });

  it('names the field a too generous answer adds, so that the check itself can fail', () => {
    const station = { stationId: S, session: 3 };
    const violations = openApiViolations(
      'GET',
      `/v1/stations/${S}/events`,
      200,
      'application/json',
      JSON.stringify({ events: [], ...station }),
    );
    expect(violations.join('\n')).toMatch(/must NOT have additional properties "stationId"/);
    expect(openApiViolations('GET', '/v1/stations', 418, 'application/json', '{}')).toEqual([
      'GET /v1/stations: status 418 is not declared',
    ]);
  });
});
