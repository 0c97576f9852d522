import { randomUUID } from 'node:crypto';
import type { EventBody } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { until } from '../test-support/until.js';
import {
  type DashboardServer,
  OPERATOR,
  recordingAckPath,
  startDashboardServer,
} from './testing/dashboard-server.js';
import { demoLabels } from './testing/demo-fleet.js';
import { get, login, openStream, postJson } from './testing/http.js';
import { seedDemoFleet } from './testing/seed-fleet.js';

interface Json {
  [key: string]: unknown;
}

describe('operators dashboard over a real fleet store', () => {
  let server: DashboardServer;
  let clock: ManualClock;
  let acks: ReturnType<typeof recordingAckPath>;
  let cookie: string;

  const json = async (path: string): Promise<Json> => {
    const response = await get(`${server.url}${path}`, cookie);
    expect(response.status, path).toBe(200);
    return (await response.json()) as Json;
  };

  /** An event as the ingest records it: into the store, then announced to live views. */
  const stationEvent = async (stationId: string, seq: number, body: EventBody) => {
    const m = { v: 1 as const, id: randomUUID(), stationId, seq, at: clock.now().toISOString(), event: body };
    await server.store.recordEvent(m, clock.now());
    server.changes.publish({ kind: 'event', stationId, eventId: m.id, type: body.type });
    if (body.type.startsWith('alarm.') && 'alarmId' in body) {
      server.changes.publish({ kind: 'alarm', stationId, alarmId: body.alarmId, type: body.type });
    }
  };

  beforeEach(async () => {
    clock = new ManualClock('2026-03-10T14:00:00.000Z');
    acks = recordingAckPath();
    server = await startDashboardServer({
      clock,
      ackAlarm: acks.ackAlarm,
      config: { stationLabels: demoLabels() },
    });
    await seedDemoFleet(server.store, clock.now(), { historyHours: 24, sampleMinutes: 10 });
    cookie = await login(server.url, OPERATOR.name, OPERATOR.password);
  });
  afterEach(() => server.dispose());

  it('serves the three pages and their scripts to a logged-in operator', async () => {
    for (const [path, heading] of [
      ['/dashboard', '<h1 data-i18n="fleet.title">Fleet</h1>'],
      ['/dashboard/alarms', '<h1 data-i18n="alarms.title">Alarms</h1>'],
      ['/dashboard/stations/burg-bahnhof', 'id="temperatures-title"'],
    ] as const) {
      const response = await get(`${server.url}${path}`, cookie);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain(heading);
    }
    const script = await get(`${server.url}/dashboard/assets/js/alarms-page.js`, cookie);
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('shows the fleet: troubled stations first, online state, open alarms and free compartments per zone', async () => {
    const fleet = await json('/dashboard/api/fleet');
    const stations = fleet.stations as Json[];
    expect(stations.map((s) => s.stationId)).toEqual([
      'billerbeck-hof-mertens',
      'burg-bahnhof',
      'lindenau-dorfladen',
      'luebben-markt',
    ]);
    expect(fleet).toMatchObject({ online: 3, openAlarms: 3 });
    const lindenau = stations.find((s) => s.stationId === 'lindenau-dorfladen');
    expect(lindenau).toMatchObject({ label: 'Dorfladen Lindenau', state: 'online', openAlarms: 1 });
    expect(lindenau?.zones).toEqual([
      { zone: 'frozen', free: 1, total: 2 },
      { zone: 'cold', free: 0, total: 1 },
      { zone: 'chilled', free: 2, total: 5 },
      { zone: 'ambient', free: 1, total: 2 },
    ]);
    const mertens = stations.find((s) => s.stationId === 'billerbeck-hof-mertens');
    expect(mertens).toMatchObject({ state: 'offline', lastSeenAt: '2026-03-10T11:10:00.000Z' });
  });

  it('shows a station: compartments with temperature and door, one temperature line per probe, history', async () => {
    const station = await json('/dashboard/api/stations/burg-bahnhof');
    const compartments = station.compartments as Json[];
    expect(compartments[0]).toMatchObject({ no: 1, zone: 'chilled', state: 'open', doorOpen: true });
    expect(compartments[0]?.celsius).toBeGreaterThan(7);
    expect(station.limits).toEqual({
      frozen: { upperCelsius: -18, lowerCelsius: null },
      chilled: { upperCelsius: 7, lowerCelsius: 0 },
    });

    const history = await json('/dashboard/api/stations/lindenau-dorfladen/temperatures?hours=24');
    const series = history.series as { probeId: string; zone: string; points: [number, number | null][] }[];
    expect(series).toHaveLength(10);
    const faulty = series.find((s) => s.probeId === 'probe-5');
    expect(faulty?.zone).toBe('chilled');
    // The cooling fault of the last 48 minutes is in the chart: the newest bucket is far above 7 °C.
    expect(faulty?.points.at(-1)?.[1]).toBeGreaterThan(7);
    expect(faulty?.points.length).toBeGreaterThan(100);

    const events = (await json('/dashboard/api/stations/lindenau-dorfladen/events?limit=5')).events as Json[];
    expect(events.map((e) => e.seq)).toEqual([14, 13, 12, 11, 10]);
    const older = (await json('/dashboard/api/stations/lindenau-dorfladen/events?limit=5&beforeSeq=10'))
      .events as Json[];
    expect(older.map((e) => e.seq)).toEqual([9, 8, 7, 6, 5]);
  });

  it('never shows the codes a station issued', async () => {
    const response = await get(
      `${server.url}/dashboard/api/stations/lindenau-dorfladen/events?limit=200`,
      cookie,
    );
    const text = await response.text();
    expect(text).toContain('codes.issued');
    expect(text).not.toContain('48213907');
    expect(text).not.toContain('77120455');
  });

  it('lists open alarms across the fleet, most severe and newest first', async () => {
    const alarms = (await json('/dashboard/api/alarms')).alarms as Json[];
    expect(alarms.map((a) => [a.severity, a.alarmId])).toEqual([
      ['critical', 'al-lin-0419'],
      ['warning', 'al-burg-0077'],
      ['warning', 'al-mer-0031'],
    ]);
    expect(alarms[0]).toMatchObject({
      stationLabel: 'Dorfladen Lindenau',
      kind: 'temperature_high',
      compartment: 5,
    });
    const recent = (await json('/dashboard/api/alarms?state=all&stationId=lindenau-dorfladen'))
      .alarms as Json[];
    expect(recent.map((a) => a.alarmId)).toEqual(['al-lin-0419', 'al-lin-0412']);
  });

  it('sends an acknowledgement with the logged-in operator and the note through the bridge', async () => {
    const response = await postJson(
      `${server.url}/dashboard/api/alarms/ack`,
      {
        stationId: 'lindenau-dorfladen',
        alarmId: 'al-lin-0419',
        note: 'Technician on the way',
        by: 'someone else',
      },
      cookie,
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'queued', commandId: 'cmd-1' });
    expect(acks.calls).toEqual([
      {
        alarmId: 'al-lin-0419',
        by: OPERATOR.name,
        note: 'Technician on the way',
        stationId: 'lindenau-dorfladen',
      },
    ]);
  });

  it('refuses to acknowledge an unknown alarm or one already acknowledged', async () => {
    const unknown = await postJson(
      `${server.url}/dashboard/api/alarms/ack`,
      { stationId: 'burg-bahnhof', alarmId: 'nope' },
      cookie,
    );
    expect(unknown.status).toBe(404);
    const twice = await postJson(
      `${server.url}/dashboard/api/alarms/ack`,
      { stationId: 'lindenau-dorfladen', alarmId: 'al-lin-0412', note: '' },
      cookie,
    );
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as Json).detail).toContain('already acknowledged by mara.kühn');
    const tooLong = await postJson(
      `${server.url}/dashboard/api/alarms/ack`,
      { stationId: 'burg-bahnhof', alarmId: 'al-burg-0077', note: 'x'.repeat(501) },
      cookie,
    );
    expect(tooLong.status).toBe(400);
    expect(acks.calls).toEqual([]);
  });

  it('pushes a new alarm, its acknowledgement and the station summary to an open stream', async () => {
    const stream = await openStream(`${server.url}/dashboard/api/stream`, cookie);
    try {
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      await until('hello', () => stream.events.some((e) => e.event === 'hello'));
      await stationEvent('luebben-markt', 3, {
        type: 'alarm.raised',
        alarmId: 'al-lue-0005',
        kind: 'temperature_high',
        severity: 'critical',
        compartment: 6,
        probeId: 'probe-6',
        detail: 'Compartment 6 at -11.2 °C, above -18 °C for 15 min',
      });
      await until('alarm event', () => stream.events.some((e) => e.event === 'alarm'));
      const raised = stream.events.find((e) => e.event === 'alarm')?.data as Json;
      expect(raised).toMatchObject({
        type: 'alarm.raised',
        alarm: { alarmId: 'al-lue-0005', state: 'open', stationLabel: 'Lübben Marktplatz' },
      });
      await until('station summary', () =>
        stream.events.some(
          (e) => e.event === 'station' && (e.data as { station: Json }).station.openAlarms === 1,
        ),
      );

      await stationEvent('luebben-markt', 4, {
        type: 'alarm.acknowledged',
        alarmId: 'al-lue-0005',
        by: OPERATOR.name,
        note: 'on it',
      });
      await until('acknowledged alarm', () =>
        stream.events.some(
          (e) => e.event === 'alarm' && (e.data as { alarm: Json }).alarm.acknowledged !== null,
        ),
      );
    } finally {
      await stream.close();
    }
  });

  it('closes the stream of a session that logged out', async () => {
    const stream = await openStream(`${server.url}/dashboard/api/stream`, cookie);
    await until('hello', () => stream.events.some((e) => e.event === 'hello'));
    await fetch(`${server.url}/dashboard/logout`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    });
    await until('session-ended', () => stream.events.some((e) => e.event === 'session-ended'));
    await until('stream ended', () => stream.ended());
    await stream.close();
  });

  it('ends open streams when the bridge shuts down, instead of waiting for the browsers', async () => {
    const stream = await openStream(`${server.url}/dashboard/api/stream`, cookie);
    await until('hello', () => stream.events.some((e) => e.event === 'hello'));
    await server.dispose();
    await until('stream ended', () => stream.ended());
    await stream.close();
  });
});
