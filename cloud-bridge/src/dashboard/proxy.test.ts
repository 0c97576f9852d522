import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import {
  type DashboardServer,
  OPERATOR,
  recordingAckPath,
  startDashboardServer,
  testHash,
} from './testing/dashboard-server.js';
import { formPost, postJson } from './testing/http.js';

const COLLEAGUE = { name: 'jonas.pietsch', password: 'Frischware-2026!' } as const;
const PUBLIC = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'ops.regiobox.example' };

const startWith = async (config: Record<string, unknown>) =>
  startDashboardServer({
    clock: new ManualClock('2026-03-10T14:00:00.000Z'),
    ackAlarm: recordingAckPath().ackAlarm,
    config: {
      operators: [
        { name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) },
        { name: COLLEAGUE.name, passwordHash: await testHash(COLLEAGUE.password) },
      ],
      ...config,
    },
  });

const fiveWrong = async (url: string, headers: Record<string, string> = {}) => {
  for (let i = 0; i < 5; i++) {
    const r = await formPost(
      `${url}/dashboard/login`,
      { name: OPERATOR.name, password: `guess-${i}` },
      headers,
    );
    expect(r.status).toBe(401);
  }
};

describe('dashboard login throttle and reverse proxy', () => {
  let server: DashboardServer | undefined;
  afterEach(() => server?.dispose());

  it('after five wrong passwords for one name, a colleague at the same address still logs in', async () => {
    server = await startWith({});
    await fiveWrong(server.url);
    expect((await formPost(`${server.url}/dashboard/login`, OPERATOR)).status).toBe(429);
    expect((await formPost(`${server.url}/dashboard/login`, COLLEAGUE)).status).toBe(303);
  });

  it('behind a trusted proxy, the locked-out name still logs in from another client address', async () => {
    server = await startWith({ trustedProxies: ['127.0.0.1'] });
    await fiveWrong(server.url, { 'x-forwarded-for': '203.0.113.9' });
    const here = await formPost(`${server.url}/dashboard/login`, OPERATOR, {
      'x-forwarded-for': '203.0.113.9',
    });
    expect(here.status).toBe(429);
    const elsewhere = await formPost(`${server.url}/dashboard/login`, OPERATOR, {
      'x-forwarded-for': '198.51.100.4',
    });
    expect(elsewhere.status).toBe(303);
  });

  it('without a trusted proxy, a forged X-Forwarded-For does not escape the lock', async () => {
    server = await startWith({});
    await fiveWrong(server.url, { 'x-forwarded-for': '203.0.113.9' });
    const forged = await formPost(`${server.url}/dashboard/login`, OPERATOR, {
      'x-forwarded-for': '198.51.100.4',
    });
    expect(forged.status).toBe(429);
  });

  it('behind a TLS proxy: the https origin is accepted and the session cookie is Secure', async () => {
    server = await startWith({ trustedProxies: ['127.0.0.1'] });
    const origin = 'https://ops.regiobox.example';
    const loggedIn = await formPost(
      `${server.url}/dashboard/login`,
      { ...OPERATOR, next: '/dashboard' },
      { ...PUBLIC, origin },
    );
    expect(loggedIn.status).toBe(303);
    const cookie = loggedIn.headers.getSetCookie()[0] ?? '';
    expect(cookie).toContain('; Secure');
    const ack = await postJson(
      `${server.url}/dashboard/api/alarms/ack`,
      { stationId: 'burg-bahnhof', alarmId: 'al-1', note: '' },
      cookie.split(';')[0],
      { ...PUBLIC, origin },
    );
    // past the origin check: the alarm is unknown in this empty store, not a forbidden origin
    expect(ack.status).toBe(404);
    const evil = await postJson(
      `${server.url}/dashboard/api/alarms/ack`,
      { stationId: 'burg-bahnhof', alarmId: 'al-1', note: '' },
      cookie.split(';')[0],
      { ...PUBLIC, origin: 'https://evil.example' },
    );
    expect(evil.status).toBe(403);
  });

  it('without a trusted proxy, the forwarded scheme is ignored: no Secure cookie, https origin refused', async () => {
    server = await startWith({});
    const loggedIn = await formPost(
      `${server.url}/dashboard/login`,
      { ...OPERATOR, next: '/dashboard' },
      { ...PUBLIC, origin: 'https://ops.regiobox.example' },
    );
    expect(loggedIn.status).toBe(403);
    const plain = await formPost(
      `${server.url}/dashboard/login`,
      { ...OPERATOR, next: '/dashboard' },
      PUBLIC,
    );
    expect(plain.headers.getSetCookie()[0]).not.toContain('Secure');
  });
});
