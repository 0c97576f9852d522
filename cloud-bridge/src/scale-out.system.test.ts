import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMosquittoFiles } from './broker/index.js';
import { OPERATOR, testHash } from './dashboard/testing/dashboard-server.js';
import { login, openStream } from './dashboard/testing/http.js';
import { Reservation } from './http/schemas.js';
import { openRegistry } from './runtime/stores.js';
import { type BridgeProcess, startBridgeProcess } from './test-support/bridge-process.js';
import { compartment } from './test-support/messages.js';
import { type RunningMosquitto, startMosquitto } from './test-support/mosquitto.js';
import { type RunningPostgres, startPostgres } from './test-support/postgres.js';
import { reserveAnswer, StationPeer } from './test-support/station-peer.js';
import { until } from './test-support/until.js';
import { WebhookReceiver } from './test-support/webhook-receiver.js';

const STATIONS = 6;
const EVENTS_PER_STATION = 60;
const RESERVATIONS = 16;
const KEY = 'scale-out-system-test-api-key-0123';
const SECRET = 'scale-out-webhook-secret';
const stationId = (i: number) => `ort-${i + 1}`;

let dir: string;
let cluster: RunningPostgres;
let mosquitto: RunningMosquitto;
const running: BridgeProcess[] = [];
const peers: StationPeer[] = [];
const hooks = new WebhookReceiver(SECRET);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-scale-out-'));
  cluster = await startPostgres();
}, 60_000);

afterAll(async () => {
  for (const p of peers.splice(0)) await p.close().catch(() => undefined);
  for (const b of running.splice(0)) await b.kill();
  await mosquitto?.stop();
  await hooks.stop();
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('two bridge instances on PostgreSQL and Mosquitto, sharing the stations through $share', () => {
  it('store every event once, deliver every webhook id, and answer commands through either instance, with one instance killed mid-stream and restarted', async () => {
    const url = await cluster.createDatabase();
    const location = { database: { file: path.join(dir, 'unused.db'), url, poolSize: 2 }, registry: {} };
    const { registry, close } = await openRegistry(location);
    const logins = [];
    for (let i = 0; i < STATIONS; i++) logins.push(await registry.addStation(stationId(i)));
    const services = [
      await registry.issueServiceUser('regiobox_bridge_a'),
      await registry.issueServiceUser('regiobox_bridge_b'),
    ];
    const files = writeMosquittoFiles(registry, path.join(dir, 'mosquitto'));
    await close();
    mosquitto = await startMosquitto({ passwordFile: files.passwordFile, aclFile: files.aclFile });
    const endpoints = [{ id: 'shop', url: await hooks.start(), secret: SECRET, events: ['*'] }];

    const dashboard = {
      operators: [
        { name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password), role: 'admin' as const },
      ],
      // one secret for every instance: a session cookie is good wherever the browser lands
      sessionSecret: 'scale-out-dashboard-session-secret-0123456789',
    };
    const configOf = (i: 0 | 1) => ({
      dashboard,
      database: { url },
      broker: {
        url: mosquitto.url,
        username: services[i]?.username,
        clientId: services[i]?.username,
        sharedGroup: 'bridges',
      },
      http: { port: 0, apiKeys: [{ name: 'shop', key: KEY }] },
      webhooks: { endpoints, backoffBaseMs: 200, backoffMaxMs: 1000 },
      commands: { replyWaitMs: 15_000 },
      log: { level: 'info' as const },
    });
    const start = (i: 0 | 1) =>
      startBridgeProcess({
        config: configOf(i),
        env: { REGIOBOX_BRIDGE__BROKER__PASSWORD: services[i]?.password ?? '' },
      });
    const bridges: BridgeProcess[] = [await start(0), await start(1)];
    running.push(...bridges);

    for (const login of logins) {
      const peer = await StationPeer.connect(mosquitto.url, login, 1, [compartment(1), compartment(2)]);
      peer.respond = reserveAnswer;
      peers.push(peer);
    }

    const online = async (via: BridgeProcess, id: string) => {
      const res = await fetch(`${via.httpUrl}/v1/stations/${id}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      return res.status === 200 && JSON.stringify(await res.json()).includes('"online"');
    };
    for (const p of peers)
      await until(`${p.stationId} online`, () => online(bridges[0] as BridgeProcess, p.stationId), 30_000);

    // An operator's live feed on each instance (the one on B is opened again after B's restart).
    const eventIds = (stream: Awaited<ReturnType<typeof openStream>>) =>
      new Set(
        stream.events.filter((e) => e.event === 'event').map((e) => (e.data as { eventId: string }).eventId),
      );
    const feedOn = async (b: BridgeProcess) =>
      openStream(
        `${b.httpUrl}/dashboard/api/stream`,
        await login(b.httpUrl, OPERATOR.name, OPERATOR.password),
      );
    const feedA = await feedOn(bridges[0] as BridgeProcess);

    // Traffic: every station raises alarms in sequence; the reservations go through both instances.
    const published: string[] = [];
    const traffic = (async () => {
      for (let n = 0; n < EVENTS_PER_STATION; n++) {
        await Promise.all(
          peers.map(async (p) => {
            const m = await p.event({
              type: 'alarm.raised',
              alarmId: `al-${p.stationId}-${n}`,
              kind: 'temperature_high',
              severity: 'warning',
              compartment: 1,
              probeId: 'probe-1',
              detail: `reading ${n}`,
            });
            published.push(m.id);
          }),
        );
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    const reserve = async (via: BridgeProcess, n: number) => {
      const res = await fetch(`${via.httpUrl}/v1/stations/${stationId(n % STATIONS)}/reservations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          orderId: `o-${n}`,
          parcels: [
            {
              parcelId: 'p1',
              producer: 'Hof',
              zone: 'chilled',
              size: 'M',
              deadline: new Date(Date.now() + 86_400_000).toISOString(),
            },
          ],
        }),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const answers: { status: number; body: unknown }[] = [];
    // A, A, B, B, …: Mosquitto hands shared messages out in turn, so strict alternation would line
    // each reply up with the instance that sent its command.
    const via = (n: number) => Math.floor(n / 2) % 2;
    for (let n = 0; n < RESERVATIONS / 2; n++)
      answers.push(await reserve(bridges[via(n)] as BridgeProcess, n));

    // Mid-stream: instance B dies without a goodbye, and comes back with the same session.
    await until(
      'half the traffic sent',
      () => published.length >= (STATIONS * EVENTS_PER_STATION) / 2,
      60_000,
    );
    await bridges[1]?.kill();
    await new Promise((r) => setTimeout(r, 1000));
    bridges[1] = await start(1);
    running.push(bridges[1]);
    const feedB = await feedOn(bridges[1]);
    const publishedBeforeFeedB = published.length;
    for (let n = RESERVATIONS / 2; n < RESERVATIONS; n++)
      answers.push(await reserve(bridges[via(n)] as BridgeProcess, n));
    await traffic;

    // Every station event is stored exactly once.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const total = STATIONS * EVENTS_PER_STATION;
      await until(
        `${total} events stored`,
        async () => Number((await db.query('SELECT count(*) AS n FROM fleet_events')).rows[0].n) >= total,
        60_000,
      );
      const rows = (await db.query('SELECT event_id, station_id, seq FROM fleet_events')).rows as {
        event_id: string;
        station_id: string;
        seq: number;
      }[];
      expect(rows.length).toBe(total);
      expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(published));
      for (let i = 0; i < STATIONS; i++) {
        const seqs = rows.filter((r) => r.station_id === stationId(i)).map((r) => Number(r.seq));
        expect(seqs.sort((a, b) => a - b)).toEqual(
          Array.from({ length: EVENTS_PER_STATION }, (_, k) => k + 1),
        );
      }
    } finally {
      await db.end();
    }

    // Every webhook event id is delivered at least once and accepted once (the receiver dedups by id).
    await until(
      'every event at the webhook receiver',
      () => published.every((id) => hooks.events.some((e) => e.id === id)),
      60_000,
    );
    const accepted = hooks.events.map((e) => e.id);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(hooks.events.every((e) => e.signatureValid)).toBe(true);

    // The live feed shows every event, whichever instance stored it.
    await until(
      'every event in the live feed on A',
      () => published.every((id) => eventIds(feedA).has(id)),
      30_000,
    );
    const laterOnes = published.slice(publishedBeforeFeedB + STATIONS);
    await until(
      'the later events in the live feed on B',
      () => laterOnes.every((id) => eventIds(feedB).has(id)),
      30_000,
    );
    feedA.close();
    feedB.close();

    // Commands sent through either instance got their replies: in the answer (201, the codes in it),
    // or, when the wait ran out on a loaded machine, reserved with the codes handed out once by webhook.
    const synchronous = answers.filter((a) => a.status === 201);
    for (const a of synchronous) expect(Reservation.parse(a.body).pickupPin).toBe('48291375');
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(202);
      const id = (a.body as { reservationId: string }).reservationId;
      await until(
        `reservation ${id} by webhook`,
        () => hooks.events.some((e) => e.id === `cmd-${id}`),
        30_000,
      );
      expect(hooks.events.find((e) => e.id === `cmd-${id}`)?.body.data).toMatchObject({
        pickupPin: '48291375',
      });
    }
    for (const [n, a] of answers.entries()) {
      const id = (a.body as { reservationId: string }).reservationId;
      const other = bridges[(via(n) + 1) % 2] as BridgeProcess;
      const seen = await fetch(`${other.httpUrl}/v1/reservations/${id}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(((await seen.json()) as { status: string }).status).toBe('reserved');
    }
    // most within the wait; on a machine loaded to 18 a wait of 15 s has run out once or twice
    expect(synchronous.length).toBeGreaterThanOrEqual(RESERVATIONS - 3);
    // Some replies reached the instance that had not sent the command (the shared subscription chose).
    const linesOf = (b: BridgeProcess, msg: string) =>
      b
        .log()
        .split('\n')
        .filter((l) => l.includes(`"msg":"${msg}"`) && !l.includes('"attempt":2'))
        .map((l) => (JSON.parse(l) as { commandId: string }).commandId);
    const issuer = new Map<string, BridgeProcess>();
    for (const b of running) for (const id of linesOf(b, 'command sent')) issuer.set(id, b);
    let crossed = 0;
    for (const b of running)
      for (const id of linesOf(b, 'command replied')) if (issuer.get(id) !== b) crossed++;
    expect(crossed).toBeGreaterThan(0);
    console.info(
      JSON.stringify({
        events: STATIONS * EVENTS_PER_STATION,
        webhookRequests: hooks.requests.length,
        webhookDuplicates: hooks.duplicates,
        reservations: RESERVATIONS,
        answeredWithinTheWait: synchronous.length,
        repliesOnTheOtherInstance: crossed,
      }),
    );
  }, 300_000);
});
