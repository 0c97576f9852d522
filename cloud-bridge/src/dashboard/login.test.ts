import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import {
  type DashboardServer,
  OPERATOR,
  recordingAckPath,
  startDashboardServer,
  testHash,
} from './testing/dashboard-server.js';
import { formPost, get, login, postJson } from './testing/http.js';

describe('dashboard protection', () => {
  let server: DashboardServer;
  let clock: ManualClock;
  let acks: ReturnType<typeof recordingAckPath>;

  beforeEach(async () => {
    clock = new ManualClock('2026-03-10T14:00:00.000Z');
    acks = recordingAckPath();
    server = await startDashboardServer({ clock, ackAlarm: acks.ackAlarm });
  });
  afterEach(() => server.dispose());

  it('sends a visitor without a session from every page to the login form, and back after it', async () => {
    for (const page of [
      '/dashboard',
      '/dashboard/alarms',
      '/dashboard/stations/burg-bahnhof',
      '/dashboard/assets/js/fleet-page.js',
    ]) {
      const response = await get(`${server.url}${page}`);
      expect(response.status, page).toBe(303);
      expect(response.headers.get('location')).toBe(`/dashboard/login?next=${encodeURIComponent(page)}`);
    }
    const form = await get(`${server.url}/dashboard/login?next=%2Fdashboard%2Falarms`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<form method="post" action="/dashboard/login"');
    expect(html).toContain('value="/dashboard/alarms"');
    expect((await get(`${server.url}/dashboard/assets/login.css`)).status).toBe(200);
    expect((await get(`${server.url}/dashboard/assets/station.css`)).status).toBe(303);
  });

  it('answers 401 to JSON, the event stream and acknowledgements without a session', async () => {
    for (const api of [
      '/dashboard/api/fleet',
      '/dashboard/api/alarms',
      '/dashboard/api/stream',
      '/dashboard/api/me',
    ]) {
      const response = await get(`${server.url}${api}`);
      expect(response.status, api).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    }
    const ack = await postJson(`${server.url}/dashboard/api/alarms/ack`, {
      stationId: 'burg-bahnhof',
      alarmId: 'a1',
      note: 'x',
    });
    expect(ack.status).toBe(401);
    expect(acks.calls).toEqual([]);
  });

  it('refuses a wrong password and an unknown name alike, without a cookie', async () => {
    for (const attempt of [
      { name: OPERATOR.name, password: 'wrong password' },
      { name: 'nobody', password: OPERATOR.password },
    ]) {
      const response = await formPost(`${server.url}/dashboard/login`, { ...attempt, next: '/dashboard' });
      expect(response.status).toBe(401);
      expect(response.headers.getSetCookie()).toEqual([]);
      const html = await response.text();
      expect(html).toContain('Name or password is wrong.');
      expect(html).not.toContain(attempt.password);
    }
    expect((await get(`${server.url}/dashboard/api/me`)).status).toBe(401);
  });

  it('logs an operator in with a strict, HttpOnly session cookie that opens pages and JSON', async () => {
    const response = await formPost(`${server.url}/dashboard/login`, {
      ...OPERATOR,
      next: '/dashboard/alarms',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard/alarms');
    const [setCookie] = response.headers.getSetCookie();
    expect(setCookie).toMatch(/^regiobox_dashboard=v1\.[\w-]+\.[\w-]+; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/dashboard');
    expect(setCookie).toContain('Max-Age=43200');
    const cookie = setCookie?.split(';')[0] ?? '';

    const page = await get(`${server.url}/dashboard/alarms`, cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<h1 data-i18n="alarms.title">Alarms</h1>');
    const me = await get(`${server.url}/dashboard/api/me`, cookie);
    expect(await me.json()).toMatchObject({ operator: OPERATOR.name });
  });

  it('never redirects the login anywhere but into the dashboard', async () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/dashboard',
      '/api/v1/stations',
      '/dashboard/login',
    ]) {
      const response = await formPost(`${server.url}/dashboard/login`, { ...OPERATOR, next });
      expect(response.headers.get('location'), next).toBe('/dashboard');
    }
  });

  it('ends a session after its lifetime, on logout, and when its cookie is forged', async () => {
    const cookie = await login(server.url, OPERATOR.name, OPERATOR.password);
    const [name, token] = cookie.split('=');
    const [version, payload, mac] = (token ?? '').split('.');
    const otherName = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), o: 'admin' }),
    );
    const forged = `${name}=${version}.${otherName.toString('base64url')}.${mac}`;
    expect((await get(`${server.url}/dashboard/api/me`, forged)).status).toBe(401);

    clock.advance(12 * 3_600_000 - 1000);
    expect((await get(`${server.url}/dashboard/api/me`, cookie)).status).toBe(200);
    clock.advance(2000);
    expect((await get(`${server.url}/dashboard/api/me`, cookie)).status).toBe(401);

    const fresh = await login(server.url, OPERATOR.name, OPERATOR.password);
    const logout = await fetch(`${server.url}/dashboard/logout`, {
      method: 'POST',
      headers: { cookie: fresh },
      redirect: 'manual',
    });
    expect(logout.status).toBe(303);
    expect(logout.headers.getSetCookie()[0]).toContain('Max-Age=0');
    // A copy of the cookie kept after the logout opens nothing.
    expect((await get(`${server.url}/dashboard/api/me`, fresh)).status).toBe(401);
  });

  it('locks a name out at an address after repeated failures, even for the right password, until the window passes', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await formPost(`${server.url}/dashboard/login`, { name: OPERATOR.name, password: `guess-${i}` }))
          .status,
      ).toBe(401);
    }
    const locked = await formPost(`${server.url}/dashboard/login`, OPERATOR);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Too many failed attempts');
    clock.advance(15 * 60_000 + 1000);
    expect((await formPost(`${server.url}/dashboard/login`, OPERATOR)).status).toBe(303);
  });

  it('refuses state changes sent from another site', async () => {
    const cookie = await login(server.url, OPERATOR.name, OPERATOR.password);
    const response = await postJson(
      `${server.url}/dashboard/api/alarms/ack`,
      { stationId: 'burg-bahnhof', alarmId: 'al-1', note: '' },
      cookie,
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(acks.calls).toEqual([]);
  });
});

describe('dashboard sessions across restarts', () => {
  it('keep with a configured secret, and end when the operator password changes', async () => {
    const sessionSecret = 'a-long-shared-secret-for-two-bridges-0123';
    const acks = recordingAckPath();
    const operators = [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) }];
    const first = await startDashboardServer({
      ackAlarm: acks.ackAlarm,
      config: { sessionSecret, operators },
    });
    const cookie = await login(first.url, OPERATOR.name, OPERATOR.password);
    await first.dispose();

    const restarted = await startDashboardServer({
      ackAlarm: acks.ackAlarm,
      config: { sessionSecret, operators },
    });
    try {
      expect((await get(`${restarted.url}/dashboard/api/me`, cookie)).status).toBe(200);
    } finally {
      await restarted.dispose();
    }

    const newHash = [{ name: OPERATOR.name, passwordHash: await testHash('a new password 2026') }];
    const changed = await startDashboardServer({
      ackAlarm: acks.ackAlarm,
      config: { sessionSecret, operators: newHash },
    });
    try {
      expect((await get(`${changed.url}/dashboard/api/me`, cookie)).status).toBe(401);
      expect(
        (
          await get(
            `${changed.url}/dashboard/api/me`,
            await login(changed.url, OPERATOR.name, 'a new password 2026'),
          )
        ).status,
      ).toBe(200);
    } finally {
      await changed.dispose();
    }
  });
});
