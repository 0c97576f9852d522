import type { EventMessage } from '@regiobox/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import {
  type DashboardServer,
  recordingAckPath,
  startDashboardServer,
  testHash,
} from './testing/dashboard-server.js';
import { get, login } from './testing/http.js';

const TOWN_OPERATOR = { name: 'jonas.pietsch', password: 'Frischware-2026!' } as const;

const dayOf = (stationId: string, seq: number, pickups: number): EventMessage => ({
  v: 1,
  id: `${stationId}-day-${seq}`,
  stationId,
  seq,
  at: '2026-03-10T00:05:00.000Z',
  event: {
    type: 'station.daily_summary',
    day: '2026-03-09',
    pickups,
    loads: pickups + 1,
    alarms: 0,
    expiries: 0,
    excursions: 0,
    uptimeMinutes: 1440,
    compartmentUse: [{ zone: 'chilled', size: 'M', compartments: 2, loads: pickups + 1, pickups }],
  },
});

describe('the Days page data', () => {
  let server: DashboardServer | undefined;
  afterEach(() => server?.dispose());

  it("an operator scoped to a town gets only that town's stations in the days and the CSV, whatever the query names", async () => {
    server = await startDashboardServer({
      clock: new ManualClock('2026-03-10T08:00:00.000Z'),
      ackAlarm: recordingAckPath().ackAlarm,
      config: {
        stationGroups: { lindenau: ['laden-lindenau'], grenzdorf: ['laden-grenzdorf'] },
        operators: [
          {
            name: TOWN_OPERATOR.name,
            passwordHash: await testHash(TOWN_OPERATOR.password),
            role: 'operator',
            groups: ['lindenau'],
          },
        ],
      },
    });
    const at = new Date('2026-03-10T00:06:00.000Z');
    await server.store.recordEvent(dayOf('laden-lindenau', 1, 4), at);
    await server.store.recordEvent(dayOf('laden-grenzdorf', 1, 9), at);
    const cookie = await login(server.url, TOWN_OPERATOR.name, TOWN_OPERATOR.password);

    const csv = await get(`${server.url}/dashboard/api/days.csv?from=2026-03-09&to=2026-03-09`, cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^laden-lindenau,2026-03-09,4,5,/);

    const days = (await (await get(`${server.url}/dashboard/api/days`, cookie)).json()) as {
      from: string;
      to: string;
      all: { pickups: number };
      towns: { name: string; pickups: number }[];
      stations: { stationId: string }[];
    };
    // the last 7 days up to the clock's today
    expect([days.from, days.to]).toEqual(['2026-03-04', '2026-03-10']);
    expect(days.all.pickups).toBe(4);
    expect(days.towns.map((t) => [t.name, t.pickups])).toEqual([['lindenau', 4]]);
    expect(days.stations.map((s) => s.stationId)).toEqual(['laden-lindenau']);

    const other = await get(
      `${server.url}/dashboard/api/days.csv?from=2026-03-09&to=2026-03-09&group=grenzdorf`,
      cookie,
    );
    expect(other.status).toBe(404);
  });
});
