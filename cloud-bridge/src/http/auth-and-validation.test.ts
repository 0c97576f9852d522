import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { Health, Problem } from './schemas.js';

const S = 'dorfladen-3';
const valid = {
  orderId: 'o-1',
  parcels: [
    {
      parcelId: 'p-1',
      producer: 'Hof',
      zone: 'chilled',
      size: 'M',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    },
  ],
};

describe('the API refuses what it must refuse', () => {
  let t: TestBridge;
  beforeAll(async () => {
    t = await startTestBridge();
    await t.register(S);
  });
  afterAll(async () => t.dispose());

  it('answers the health check without a key, and nothing else', async () => {
    const health = await t.api('GET', '/healthz', undefined, { auth: false });
    expect(health.status).toBe(200);
    expect(Health.parse(await health.json())).toEqual({ status: 'ok', mqtt: true });
    for (const url of ['/v1/stations', '/v1/alarms', '/v1/nonexistent']) {
      const res = await t.api('GET', url, undefined, { auth: false });
      expect(res.status).toBe(401);
    }
  });

  it('rejects a missing or wrong API key with 401 problem+json, and accepts X-Api-Key', async () => {
    const missing = await t.api('POST', `/v1/stations/${S}/reservations`, valid, { auth: false });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(Problem.parse(await missing.json())).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    const wrong = await t.api('GET', '/v1/stations', undefined, { auth: 'test-marketplace-key-0123456780' });
    expect(wrong.status).toBe(401);
    const viaHeader = await fetch(`${t.bridge.httpUrl}/v1/stations`, {
      headers: { 'x-api-key': 'test-marketplace-key-0123456789' },
    });
    expect(viaHeader.status).toBe(200);
  });

  it('names the invalid field of a bad body, and changes nothing', async () => {
    const bad = {
      orderId: 'o-2',
      parcels: [{ parcelId: 'p-1', producer: 'Hof', zone: 'lukewarm', size: 'M', deadline: 'tomorrow' }],
    };
    const res = await t.api('POST', `/v1/stations/${S}/reservations`, bad);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const p = Problem.parse(await res.json());
    expect(p.code).toBe('INVALID_REQUEST');
    expect(p.errors?.map((e) => e.field).sort()).toEqual(['body.parcels.0.deadline', 'body.parcels.0.zone']);
    expect(p.detail).toMatch(/body\.parcels\.0\./);
    const reservation = await t.api('GET', '/v1/orders/o-2');
    expect(reservation.status).toBe(404);
  });

  it('refuses a deadline in the past, unparsable JSON, a non-JSON body and an unknown station', async () => {
    const past = { ...valid, parcels: [{ ...valid.parcels[0], deadline: '2020-01-01T00:00:00Z' }] };
    const pastRes = await t.api('POST', `/v1/stations/${S}/reservations`, past);
    expect(pastRes.status).toBe(400);
    expect(Problem.parse(await pastRes.json()).errors?.[0]?.field).toBe('body.parcels.0.deadline');

    const broken = await t.api('POST', `/v1/stations/${S}/reservations`, '{"orderId": ');
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');

    const text = await fetch(`${t.bridge.httpUrl}/v1/stations/${S}/reservations`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-marketplace-key-0123456789', 'content-type': 'text/plain' },
      body: 'reserve please',
    });
    expect(text.status).toBe(415);

    const unknown = await t.api('POST', '/v1/stations/nowhere-1/reservations', valid);
    expect(unknown.status).toBe(404);
    expect(Problem.parse(await unknown.json()).code).toBe('UNKNOWN_STATION');

    const badId = await t.api('GET', '/v1/stations/Not_A_Station');
    expect(Problem.parse(await badId.json()).errors?.[0]?.field).toBe('params.stationId');
  });
});
