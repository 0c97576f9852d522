import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type RunningBridge, startBridge } from '@regiobox/cloud-bridge';
import type { SimClock } from '@regiobox/simulated-devices';
import type { Logger } from 'pino';

export interface BridgeHostOptions {
  readonly dataDir: string;
  readonly clock: SimClock;
  readonly logger: Logger;
  /** the marketplace's API key */
  readonly apiKey: string;
  readonly webhook?: { readonly url: string; readonly secret: string };
  /** the operators' dashboard: who may log in (a password hash, never the password) */
  readonly dashboard?: {
    readonly operators: readonly { readonly name: string; readonly passwordHash: string }[];
    readonly stationLabels?: Readonly<Record<string, string>>;
  };
}

/** What a station needs to log in: the `mqtt` section of its config, secrets in files. */
export interface StationLogin {
  readonly url: string;
  readonly username: string;
  readonly passwordFile: string;
  readonly commandKeyFile: string;
  readonly keepaliveSeconds: number;
  readonly telemetryIntervalSeconds: number;
}

const portOf = (url: string): number => Number(new URL(url).port);

/**
 * The cloud-bridge with its embedded broker, for a scenario: SQLite and the master key in `dataDir`,
 * loopback only. A restart keeps the ports, so stations find the broker again where it was.
 */
export class BridgeHost {
  private running: RunningBridge | null = null;
  private ports = { broker: 0, http: 0 };
  private urls = { http: '', broker: '' };

  constructor(private readonly options: BridgeHostOptions) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  }

  get httpUrl(): string {
    return this.urls.http;
  }

  get brokerUrl(): string {
    return this.urls.broker;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  get bridge(): RunningBridge {
    if (!this.running) throw new Error('the bridge is not running');
    return this.running;
  }

  async start(): Promise<RunningBridge> {
    if (this.running) return this.running;
    const o = this.options;
    const config = parseConfig({
      broker: { host: '127.0.0.1', port: this.ports.broker },
      http: { host: '127.0.0.1', port: this.ports.http, apiKeys: [{ name: 'marketplace', key: o.apiKey }] },
      database: { file: join(o.dataDir, 'bridge.db') },
      registry: { masterKeyFile: join(o.dataDir, 'master.key') },
      commands: { replyWaitMs: 8000, retryAfterSeconds: 5 },
      webhooks: {
        endpoints: o.webhook ? [{ id: 'marketplace', url: o.webhook.url, secret: o.webhook.secret }] : [],
        backoffBaseMs: 200,
        backoffMaxMs: 5000,
        timeoutMs: 5000,
      },
      dashboard: {
        operators: [...(o.dashboard?.operators ?? [])],
        stationLabels: { ...o.dashboard?.stationLabels },
        // the same key across the scenario's bridge restarts keeps the operator logged in
        sessionSecret: o.apiKey.padEnd(32, '0'),
      },
      log: { level: o.logger.level === 'silent' ? 'silent' : 'info' },
    });
    const bridge = await startBridge(config, { clock: o.clock, logger: o.logger, tickMs: 250 });
    this.running = bridge;
    this.ports = { broker: portOf(bridge.brokerUrl), http: portOf(bridge.httpUrl) };
    this.urls = { http: bridge.httpUrl.replace(/\/$/, ''), broker: bridge.brokerUrl };
    return bridge;
  }

  async stop(): Promise<void> {
    const bridge = this.running;
    this.running = null;
    await bridge?.stop();
  }

  /** Registers a station and writes its MQTT password and command key into its data directory. */
  async register(stationId: string, stationDataDir: string): Promise<StationLogin> {
    const credentials = await this.bridge.registry.addStation(stationId);
    mkdirSync(stationDataDir, { recursive: true, mode: 0o700 });
    const passwordFile = join(stationDataDir, 'mqtt-password');
    const commandKeyFile = join(stationDataDir, 'command-key');
    writeFileSync(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
    writeFileSync(commandKeyFile, `${credentials.commandKey}\n`, { mode: 0o600 });
    return {
      url: this.brokerUrl,
      username: credentials.username,
      passwordFile,
      commandKeyFile,
      // short keepalive: a killed bridge or station is noticed within seconds
      keepaliveSeconds: 5,
      telemetryIntervalSeconds: 60,
    };
  }
}
