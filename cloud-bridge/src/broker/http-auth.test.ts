import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StationCredentials, StationRegistry } from '../registry/index.js';
import { startTestBridge } from '../test-support/bridge-harness.js';
import { tempDatabase } from '../test-support/temp-db.js';
import { BROKER_AUTH_PATHS, brokerAuthRoutes } from './http-auth.js';

let temp: ReturnType<typeof tempDatabase>;
let app: FastifyInstance;
let station: StationCredentials;
let service: { username: string; password: string };

beforeEach(async () => {
  temp = tempDatabase();
  const registry = new StationRegistry(temp.db);
  station = await registry.addStation('dorfladen-1');
  await registry.addStation('dorfladen-2');
  service = await registry.issueServiceUser('regiobox_bridge_a');
  app = Fastify();
  brokerAuthRoutes(app, registry, pino({ level: 'silent' }));
});

afterEach(async () => {
  await app.close();
  temp.dispose();
});

const post = async (path: string, body: unknown) => {
  const res = await app.inject({ method: 'POST', url: path, payload: body as Record<string, unknown> });
  return { status: res.statusCode, body: res.json() as { result: string } };
};
const login = (username: string, password: string, clientid = username) =>
  post(BROKER_AUTH_PATHS.authenticate, { username, password, clientid });
const may = (username: string, action: string, topic: string, retain = 'false') =>
  post(BROKER_AUTH_PATHS.authorize, { username, clientid: username, action, topic, retain });

describe("an external broker's HTTP authentication and authorization (EMQX) from the station registry", () => {
  it('lets a station and a service user in with their passwords, and nobody with a wrong one or a foreign client id', async () => {
    expect((await login('dorfladen-1', station.password)).body.result).toBe('allow');
    expect((await login(service.username, service.password, 'regiobox_bridge_a')).body.result).toBe('allow');
    expect((await login('dorfladen-1', `${station.password}x`)).body.result).toBe('deny');
    expect((await login('dorfladen-1', station.password, 'dorfladen-2')).body.result).toBe('deny');
    expect((await login('dorfladen-9', station.password)).body.result).toBe('deny');
  });

  it("keeps a station to its own topics, and lets the bridge read every station's traffic, shared or not, and command", async () => {
    const t = 'regiobox/v1/stations';
    expect((await may('dorfladen-1', 'publish', `${t}/dorfladen-1/events`)).body.result).toBe('allow');
    expect((await may('dorfladen-1', 'publish', `${t}/dorfladen-2/events`)).body.result).toBe('deny');
    expect((await may('dorfladen-1', 'publish', `${t}/dorfladen-1/events`, 'true')).body.result).toBe('deny');
    expect((await may('dorfladen-1', 'subscribe', `${t}/dorfladen-1/commands`)).body.result).toBe('allow');
    expect((await may('dorfladen-1', 'subscribe', `${t}/+/commands`)).body.result).toBe('deny');
    expect((await may('regiobox_bridge_a', 'subscribe', `$share/bridges/${t}/+/events`)).body.result).toBe(
      'allow',
    );
    expect((await may('regiobox_bridge_a', 'subscribe', `${t}/+/replies`)).body.result).toBe('allow');
    expect((await may('regiobox_bridge_a', 'publish', `${t}/dorfladen-2/commands`)).body.result).toBe(
      'allow',
    );
    expect((await may('regiobox_bridge_a', 'publish', `${t}/dorfladen-2/events`)).body.result).toBe('deny');
  });

  it('answers a malformed request 400 and deny', async () => {
    const res = await post(BROKER_AUTH_PATHS.authorize, { username: 'dorfladen-1', action: 'read' });
    expect(res).toMatchObject({ status: 400, body: { result: 'deny' } });
  });
});

describe('the broker endpoints on a running bridge', () => {
  it('are served with broker.authEndpoints, behind an API key, and not at all without it', async () => {
    const on = await startTestBridge({ broker: { authEndpoints: true } });
    const off = await startTestBridge();
    try {
      const c = await on.bridge.registry.addStation('dorfladen-5');
      const body = { username: c.username, password: c.password, clientid: c.username };
      const keyed = await on.api('POST', BROKER_AUTH_PATHS.authenticate, body);
      expect(await keyed.json()).toEqual({ result: 'allow', is_superuser: false });
      expect((await on.api('POST', BROKER_AUTH_PATHS.authenticate, body, { auth: false })).status).toBe(401);
      expect((await off.api('POST', BROKER_AUTH_PATHS.authenticate, body)).status).toBe(404);
    } finally {
      await on.dispose();
      await off.dispose();
    }
  });
});
