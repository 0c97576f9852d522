import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CompartmentSnapshot } from '@regiobox/contract';
import { type RunningBridge, startBridge } from '../bridge.js';
import type { Clock } from '../clock.js';
import { type BridgeConfigInput, parseConfig } from '../config.js';
import { assertConformsToOpenApi } from './openapi-conformance.js';
import { StationPeer } from './station-peer.js';

export const API_KEY = 'test-marketplace-key-0123456789';

export interface TestBridge {
  readonly bridge: RunningBridge;
  readonly dbFile: string;
  /** a request with the API key; `auth: false` sends none */
  api(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
    init?: { auth?: boolean | string; contentType?: string },
  ): Promise<Response>;
  /** registers the station and connects a peer for it */
  station(stationId: string, session: number, compartments?: CompartmentSnapshot[]): Promise<StationPeer>;
  /** connects another session of an already registered station */
  reconnect(
    stationId: string,
    session: number,
    compartments?: CompartmentSnapshot[],
    clientId?: string,
  ): Promise<StationPeer>;
  register(stationId: string): Promise<void>;
  dispose(): Promise<void>;
}

/** A real bridge: embedded aedes on port 0, SQLite in a temp dir, HTTP on 127.0.0.1:0. */
export const startTestBridge = async (
  over: BridgeConfigInput = {},
  options: { clock?: Clock } = {},
): Promise<TestBridge> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-bridge-'));
  const config = parseConfig({
    ...over,
    database: { file: path.join(dir, 'bridge.db'), ...over.database },
    broker: { port: 0, ...over.broker },
    http: { port: 0, apiKeys: [{ name: 'test', key: API_KEY }], ...over.http },
    commands: { replyWaitMs: 5000, ...over.commands },
    webhooks: { backoffBaseMs: 20, backoffMaxMs: 200, ...over.webhooks },
    log: { level: 'silent' },
  });
  const bridge = await startBridge(config, {
    tickMs: 50,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const peers: StationPeer[] = [];
  const logins = new Map<string, { username: string; password: string }>();
  const connect = async (
    id: string,
    session: number,
    compartments?: CompartmentSnapshot[],
    clientId?: string,
  ) => {
    const login = logins.get(id);
    if (!login) throw new Error(`station ${id} not registered`);
    const peer = await StationPeer.connect(bridge.brokerUrl, login, session, compartments, clientId);
    peers.push(peer);
    return peer;
  };
  const register = async (id: string) => {
    const c = await bridge.registry.addStation(id);
    logins.set(id, { username: c.username, password: c.password });
  };
  return {
    bridge,
    dbFile: config.database.file,
    api: async (method, url, body, init = {}) => {
      const auth = init.auth ?? true;
      const headers: Record<string, string> =
        body === undefined ? {} : { 'content-type': init.contentType ?? 'application/json' };
      if (auth !== false) headers.authorization = `Bearer ${auth === true ? API_KEY : auth}`;
      const res = await fetch(`${bridge.httpUrl}${url}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      // Every answer a test receives is held to the published contract, not only what it asserts.
      await assertConformsToOpenApi(method, url, res);
      return res;
    },
    register,
    station: async (id, session, compartments) => {
      await register(id);
      return connect(id, session, compartments);
    },
    reconnect: connect,
    dispose: async () => {
      for (const p of peers) await p.close().catch(() => undefined);
      await bridge.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
