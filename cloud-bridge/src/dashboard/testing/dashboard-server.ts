import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.js';
import { FleetChanges } from '../../fleet/changes.js';
import { hashPassword } from '../../registry/password-hash.js';
import { openBridgeDatabase } from '../../store/database.js';
import { SqliteFleetStore } from '../../store/sqlite/sqlite-fleet-store.js';
import type { StationActions } from '../actions.js';
import type { AckAlarm } from '../api-routes.js';
import { DashboardConfig, type DashboardConfigInput } from '../config.js';
import { registerDashboard } from '../register.js';

export const OPERATOR = { name: 'mara.kühn', password: 'Kühlkette-2026!' } as const;

/** A low scrypt cost: tests log in often, and the cost is read from the hash itself. */
export const testHash = (password: string): Promise<string> =>
  hashPassword(password, randomBytes(16), { ln: 10, r: 8, p: 1 });

export interface DashboardServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: SqliteFleetStore;
  readonly changes: FleetChanges;
  dispose(): Promise<void>;
}

/**
 * The dashboard alone on a real HTTP server (127.0.0.1, port 0) over a real SQLite fleet store in
 * a temp dir; the bridge's ack path is whatever the test passes.
 */
export const startDashboardServer = async (o: {
  readonly clock?: Clock;
  readonly ackAlarm: AckAlarm;
  readonly actions?: StationActions;
  readonly config?: DashboardConfigInput;
}): Promise<DashboardServer> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-dashboard-'));
  const db = openBridgeDatabase(path.join(dir, 'bridge.db'));
  const store = new SqliteFleetStore(db);
  const changes = new FleetChanges();
  const config = DashboardConfig.parse({
    operators: [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) }],
    ...o.config,
  });
  const app = Fastify({ logger: false });
  await registerDashboard(app, {
    config,
    store,
    changes,
    ackAlarm: o.ackAlarm,
    ...(o.actions ? { actions: o.actions } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    heartbeatMs: 200,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    store,
    changes,
    dispose: async () => {
      if (!db.open) return;
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Records what the dashboard asked the bridge to acknowledge, and answers like an offline station. */
export const recordingAckPath = () => {
  const calls: { alarmId: string; by: string; note: string; stationId: string }[] = [];
  const ackAlarm: AckAlarm = async (alarmId, by, note, stationId) => {
    calls.push({ alarmId, by, note, stationId });
    return { kind: 'queued', commandId: `cmd-${calls.length}`, expiresAt: '2026-01-02T08:00:00.000Z' };
  };
  return { calls, ackAlarm };
};
