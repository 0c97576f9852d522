import { afterEach, describe, expect, it } from 'vitest';
import {
  type DashboardServer,
  OPERATOR,
  recordingAckPath,
  startDashboardServer,
} from './testing/dashboard-server.js';
import { formPost, get } from './testing/http.js';

const HOW_TO =
  'No operator is configured on this bridge, so nobody can log in. Add one: printf \'%s\' "$PASSWORD" | regiobox-bridge operator-hash, then put the name and that hash under dashboard.operators in the bridge config and restart the bridge.';
const escaped = HOW_TO.replaceAll('&', '&amp;').replaceAll("'", '&#39;').replaceAll('"', '&quot;');

describe('a dashboard without operators', () => {
  let server: DashboardServer | undefined;
  afterEach(async () => server?.dispose());

  it('says on the login form and after a login that no operator is configured and how to add one, not that the password is wrong', async () => {
    server = await startDashboardServer({ ackAlarm: recordingAckPath().ackAlarm, config: { operators: [] } });

    const form = await (await get(`${server.url}/dashboard/login`)).text();
    expect(form).toContain(escaped);

    const response = await formPost(`${server.url}/dashboard/login`, { ...OPERATOR, next: '/dashboard' });
    expect(response.status).toBe(503);
    expect(response.headers.getSetCookie()).toEqual([]);
    const html = await response.text();
    expect(html).toContain(escaped);
    expect(html).not.toContain('Name or password is wrong.');
  });

  it('with an operator, the login form says nothing of the kind', async () => {
    server = await startDashboardServer({ ackAlarm: recordingAckPath().ackAlarm });
    const form = await (await get(`${server.url}/dashboard/login`)).text();
    expect(form).not.toContain('No operator is configured');
  });
});
