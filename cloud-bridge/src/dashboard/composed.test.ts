import { afterEach, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { OPERATOR, testHash } from './testing/dashboard-server.js';

/** The dashboard as the bridge serves it: its own login, not the marketplace's API key. */
describe('the dashboard on the composed bridge', () => {
  let t: TestBridge | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  const login = async (b: TestBridge): Promise<string> => {
    const res = await fetch(`${b.bridge.httpUrl}/dashboard/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: OPERATOR.name, password: OPERATOR.password }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  };

  it('opens to an operator login and to nothing else: an API key is neither needed nor enough', async () => {
    t = await startTestBridge({
      dashboard: { operators: [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) }] },
    });
    await t.station('lindenau-dorfladen', 1);
    const base = t.bridge.httpUrl;

    const form = await fetch(`${base}/dashboard/login`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form');

    const page = await fetch(`${base}/dashboard`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/dashboard/login?next=%2Fdashboard');

    // The marketplace's key opens the marketplace API, never the dashboard.
    const withKey = await t.api('GET', '/dashboard/api/fleet');
    expect(withKey.status).toBe(401);
    expect(((await withKey.json()) as { code: string }).code).toBe('UNAUTHENTICATED');

    const cookie = await login(t);
    const fleet = await fetch(`${base}/dashboard/api/fleet`, { headers: { cookie } });
    expect(fleet.status).toBe(200);
    const body = (await fleet.json()) as { stations: { stationId: string }[] };
    expect(body.stations.map((s) => s.stationId)).toContain('lindenau-dorfladen');

    // …and the session cookie opens no marketplace route.
    const api = await fetch(`${base}/v1/stations`, { headers: { cookie } });
    expect(api.status).toBe(401);
  });

  it('without configured operators nobody logs in', async () => {
    t = await startTestBridge();
    const res = await fetch(`${t.bridge.httpUrl}/dashboard/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: OPERATOR.name, password: OPERATOR.password }).toString(),
      redirect: 'manual',
    });
    expect(res.headers.get('set-cookie') ?? '').not.toContain('regiobox_dashboard=v1.');
    const fleet = await fetch(`${t.bridge.httpUrl}/dashboard/api/fleet`);
    expect(fleet.status).toBe(401);
  });
});
