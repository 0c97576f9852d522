import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BridgeConfigInput } from '@regiobox/cloud-bridge';
import { TOPIC_ROOT } from '@regiobox/contract';
import type { BridgeInstanceMessage } from '../peers/bridge-instance.js';
import { type BenchBroker, BrokerStartError, startMosquitto } from './brokers.js';
import { type BenchChild, siblingScript, spawnBenchChild } from './child.js';
import {
  copyRegistryToPostgres,
  issueServiceUsers,
  mosquittoLinkHash,
  registerFleet,
  writeFleetMosquittoFiles,
} from './fleet-registry.js';

const BRIDGE = siblingScript(import.meta.url, '../peers/bridge-instance');
const POSTGRES = siblingScript(import.meta.url, '../testing/postgres-cluster');

/**
 * What testing/postgres-cluster.ts answers. That script is started by path, from source only: it
 * uses the bridge's test harness, which is never built, so nothing here may import it.
 */
export type PostgresClusterMessage =
  | { readonly type: 'ready'; readonly url: string; readonly postmasterPid: number }
  | { readonly type: 'failed'; readonly error: string };

/** What the bridge-ingest benchmark runs: the broker, how many bridge processes, which store. */
export interface IngestSetup {
  readonly broker: 'embedded' | 'mosquitto';
  readonly bridges: number;
  readonly store: 'sqlite' | 'postgres';
}

export const setupName = (s: IngestSetup): string =>
  `${s.broker}-${s.store}${s.bridges > 1 ? `-${s.bridges}` : ''}`;

/**
 * One Mosquitto process holds at most as many connections as it may open files: this container caps
 * every process at 20,000 (`ulimit -Hn`, not raisable without CAP_SYS_RESOURCE). Beyond this many
 * stations the benchmark adds Mosquitto processes that forward their stations' topics to the first
 * one over a Mosquitto bridge connection, as an edge layer in front of a core broker would.
 */
export const STATIONS_PER_MOSQUITTO = 15_000;

export interface RunningTopology {
  readonly setup: IngestSetup;
  /** where station i logs in: stationUrls[floor(i / perBroker)] */
  readonly stationUrls: readonly string[];
  readonly perBroker: number;
  readonly passwordSecret: string;
  readonly bridges: readonly BenchChild<BridgeInstanceMessage>[];
  /** the broker processes' pids (none for the embedded broker, which lives in the bridge) */
  readonly brokerPids: readonly number[];
  /** PostgreSQL's postmaster (its backends are its children); none for SQLite, inside the bridge */
  readonly postmasterPid?: number;
  close(): Promise<void>;
}

const startBridgeProcess = async (
  config: BridgeConfigInput,
  onStored: (m: BridgeInstanceMessage) => boolean,
): Promise<{ child: BenchChild<BridgeInstanceMessage>; brokerUrl: string }> => {
  const child = spawnBenchChild<BridgeInstanceMessage>(BRIDGE, [], onStored);
  child.send({ type: 'start', config });
  const m = await child.next(
    (x): x is Extract<BridgeInstanceMessage, { type: 'started' | 'failed' }> =>
      x.type === 'started' || x.type === 'failed',
    60_000,
    'a bridge instance to start',
  );
  if (m.type === 'failed') {
    await child.stop();
    throw new Error(`bridge instance did not start: ${m.error}`);
  }
  return { child, brokerUrl: m.brokerUrl };
};

/**
 * Registers `maxStations` stations (each its own password), starts the broker(s) with the registry's
 * password and ACL files and the bridge instances, each in its own process. `onStored` sees every
 * message of every bridge instance first.
 */
export const startTopology = async (
  setup: IngestSetup,
  dir: string,
  maxStations: number,
  onStored: (m: BridgeInstanceMessage) => boolean,
): Promise<RunningTopology> => {
  const dbFile = join(dir, 'bridge.db');
  const passwordSecret = randomBytes(24).toString('base64url');
  await registerFleet(dbFile, 0, maxStations, passwordSecret);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const postgres = setup.store === 'postgres' ? await startPostgresProcess(closers) : undefined;
    const base: BridgeConfigInput = {
      database: postgres ? { url: postgres.url } : { file: dbFile },
      http: { port: 0 },
      log: { level: 'error' },
    };
    if (setup.broker === 'embedded') {
      const { child, brokerUrl } = await startBridgeProcess({ ...base, broker: { port: 0 } }, onStored);
      closers.push(() => child.stop(30_000));
      return {
        setup,
        stationUrls: [brokerUrl],
        perBroker: maxStations,
        passwordSecret,
        bridges: [child],
        brokerPids: [],
        close,
      };
    }
    const names = Array.from({ length: setup.bridges }, (_, i) => `regiobox_bridge${i + 1}`);
    const services = await issueServiceUsers(dbFile, names);
    if (postgres) {
      // a first start on the database creates its tables; then the registry is copied in
      const migrator = await startBridgeProcess({ ...base, broker: { port: 0 } }, onStored);
      await migrator.child.stop(30_000);
      await copyRegistryToPostgres(dbFile, postgres.url);
    }
    const files = writeFleetMosquittoFiles(dbFile, join(dir, 'mosquitto'));
    const brokerCount = Math.ceil(maxStations / STATIONS_PER_MOSQUITTO);
    const edges = Array.from({ length: brokerCount - 1 }, (_, i) => ({
      username: `regiobox_edge${i + 1}`,
      password: randomBytes(24).toString('base64url'),
    }));
    for (const e of edges) {
      appendFileSync(files.passwordFile, `${e.username}:${mosquittoLinkHash(e.password)}\n`);
      appendFileSync(files.aclFile, edgeAcl(e.username));
    }
    const brokers: BenchBroker[] = [];
    const started = async (b: Promise<BenchBroker | undefined>) => {
      const broker = await b;
      if (!broker) throw new BrokerStartError('mosquitto is not installed (/usr/sbin/mosquitto)');
      brokers.push(broker);
      closers.push(() => broker.close());
      return broker;
    };
    const core = await started(startMosquitto(files));
    for (const e of edges) {
      await started(startMosquitto({ ...files, extra: edgeLink(core.port, e) }));
    }
    const bridges: BenchChild<BridgeInstanceMessage>[] = [];
    for (const s of services) {
      const { child } = await startBridgeProcess(
        {
          ...base,
          broker: {
            url: core.url,
            username: s.username,
            password: s.password,
            clientId: s.username,
            // several instances share the station traffic: each message goes to one of them
            ...(setup.bridges > 1 ? { sharedGroup: 'regiobox' } : {}),
          },
        },
        onStored,
      );
      bridges.push(child);
      closers.push(() => child.stop(30_000));
    }
    return {
      setup,
      stationUrls: brokers.map((b) => b.url),
      perBroker: Math.ceil(maxStations / brokerCount),
      passwordSecret,
      bridges,
      brokerPids: brokers.flatMap((b) => (b.pid ? [b.pid] : [])),
      ...(postgres ? { postmasterPid: postgres.postmasterPid } : {}),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
};

const startPostgresProcess = async (
  closers: (() => Promise<void>)[],
): Promise<{ url: string; postmasterPid: number }> => {
  const child = spawnBenchChild<PostgresClusterMessage>(POSTGRES);
  closers.push(() => child.stop(30_000));
  const m = await child.next(
    (x): x is PostgresClusterMessage => x.type === 'ready' || x.type === 'failed',
    120_000,
    'the PostgreSQL cluster to start',
  );
  if (m.type === 'failed') throw new Error(`PostgreSQL did not start: ${m.error}`);
  return m;
};

const STATION_KINDS = ['status', 'state', 'telemetry', 'events', 'replies'] as const;

/** The edge broker's login at the core: it publishes what its stations publish, reads their commands. */
const edgeAcl = (username: string): string =>
  [
    '',
    `# edge broker ${username}: forwards its stations' reports, receives their commands`,
    `user ${username}`,
    ...STATION_KINDS.map((k) => `topic write ${TOPIC_ROOT}/+/${k}`),
    `topic read ${TOPIC_ROOT}/+/commands`,
    '',
  ].join('\n');

/** mosquitto.conf lines of an edge broker: a bridge connection that forwards to the core. */
const edgeLink = (corePort: number, e: { username: string; password: string }): string[] => [
  `connection ${e.username}`,
  `address 127.0.0.1:${corePort}`,
  `remote_username ${e.username}`,
  `remote_password ${e.password}`,
  `remote_clientid ${e.username}`,
  'bridge_protocol_version mqttv311',
  'try_private false',
  'notifications false',
  'cleansession true',
  ...STATION_KINDS.map((k) => `topic ${TOPIC_ROOT}/+/${k} out 1`),
  `topic ${TOPIC_ROOT}/+/commands in 1`,
];
