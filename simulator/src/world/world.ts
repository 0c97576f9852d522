import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { hashOperatorPassword } from '@regiobox/cloud-bridge';
import { type PositionSource, parseConfig, type StationConfig } from '@regiobox/edge';
import type { DayCurve, SimClock } from '@regiobox/simulated-devices';
import { seededRandom } from '@regiobox/simulated-devices';
import type { Logger } from 'pino';
import type { ActorContext } from '../actors/context.js';
import { MarketplaceClient } from '../actors/marketplace-client.js';
import { DEFAULT_TRAFFIC, Dice, type TrafficProfile } from '../actors/traffic.js';
import { WebhookInbox } from '../actors/webhook-inbox.js';
import type { StaffLogin } from '../station/counter-terminal.js';
import type { HostedStation } from '../station/hosted-station.js';
import { type StationShape, shapeConfig } from '../station/shapes.js';
import { SimulatedStation } from '../station/simulated-station.js';
import { BridgeHost } from './bridge-host.js';
import { Journal } from './journal.js';
import type { LiveLog } from './live-log.js';
import { shopStaff } from './shop-staff.js';

export interface WorldOptions {
  readonly dataDir: string;
  readonly clock: SimClock;
  readonly logger: Logger;
  readonly log: LiveLog;
  readonly seed?: number;
  readonly traffic?: TrafficProfile;
  /** a dashboard operator for this world (the demo prints the login) */
  readonly dashboardOperator?: { readonly name: string; readonly password: string };
  readonly stationLabels?: Readonly<Record<string, string>>;
}

export interface StationSpec {
  readonly id: string;
  readonly shape: StationShape;
  readonly ambient?: DayCurve;
  /** serve the kiosk page; actors type their codes there (default true) */
  readonly kiosk?: boolean;
  readonly telemetryIntervalSeconds?: number;
  /** a van's position, steered by its tour actor (shape `van`) */
  readonly position?: PositionSource;
}

/** Starts a station on top of a prepared config; the chaos runner plugs in child stations here. */
export type StationLauncher = (
  spec: StationSpec,
  config: StationConfig,
  world: World,
) => Promise<HostedStation>;

const inProcess: StationLauncher = (spec, config, world) =>
  SimulatedStation.start({
    config,
    clock: world.clock,
    logger: world.logger,
    kiosk: spec.kiosk ?? true,
    ...(spec.ambient ? { ambient: spec.ambient } : {}),
    ...(spec.position ? { position: spec.position } : {}),
    staff: world.staffLogins.get(spec.id) ?? [],
    seed: world.seed + world.stations.size,
  });

/**
 * Everything a scenario or the demo runs in: the simulated clock, the bridge with its embedded
 * broker, the marketplace's API client and webhook endpoint, the stations, the readable log and the
 * journal of what happened.
 */
export class World {
  readonly stations = new Map<string, HostedStation>();
  /** a shop counter's staff logins, by station */
  readonly staffLogins = new Map<string, readonly StaffLogin[]>();
  readonly journal = new Journal();
  readonly marketplace: MarketplaceClient;
  readonly dice: Dice;
  readonly seed: number;

  private constructor(
    readonly options: WorldOptions,
    readonly bridge: BridgeHost,
    readonly inbox: WebhookInbox,
    apiKey: string,
  ) {
    this.seed = options.seed ?? 1;
    this.dice = new Dice(seededRandom(this.seed));
    this.marketplace = new MarketplaceClient(bridge.httpUrl, apiKey);
  }

  /** The marketplace's webhook endpoint first, then the bridge that delivers to it. */
  static async start(options: WorldOptions): Promise<World> {
    const inbox = new WebhookInbox(randomBytes(24).toString('hex'));
    await inbox.listen();
    const apiKey = randomBytes(24).toString('hex');
    const bridge = new BridgeHost({
      dataDir: join(options.dataDir, 'bridge'),
      clock: options.clock,
      logger: options.logger.child({ part: 'bridge' }),
      apiKey,
      webhook: { url: inbox.url, secret: inbox.secret },
      dashboard: {
        operators: options.dashboardOperator
          ? [
              {
                name: options.dashboardOperator.name,
                passwordHash: await hashOperatorPassword(options.dashboardOperator.password),
              },
            ]
          : [],
        ...(options.stationLabels ? { stationLabels: options.stationLabels } : {}),
      },
    });
    try {
      await bridge.start();
    } catch (err) {
      await inbox.close();
      throw err;
    }
    return new World(options, bridge, inbox, apiKey);
  }

  get clock(): SimClock {
    return this.options.clock;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get log(): LiveLog {
    return this.options.log;
  }

  station(stationId: string): HostedStation {
    const s = this.stations.get(stationId);
    if (!s) throw new Error(`no station ${stationId} in this world`);
    return s;
  }

  /** Registers the station at the bridge, writes its secrets and config, and starts it. */
  async addStation(spec: StationSpec, launch: StationLauncher = inProcess): Promise<HostedStation> {
    const dataDir = join(this.options.dataDir, 'stations', spec.id);
    const login = await this.bridge.register(spec.id, dataDir);
    const staff = spec.shape === 'shop-counter' ? await shopStaff() : null;
    if (staff) this.staffLogins.set(spec.id, staff.logins);
    const config = parseConfig(
      shapeConfig(spec.shape, {
        stationId: spec.id,
        dataDir,
        mqtt: {
          ...login,
          telemetryIntervalSeconds: spec.telemetryIntervalSeconds ?? login.telemetryIntervalSeconds,
        },
        logLevel: 'info',
        ...(staff ? { staff: staff.config } : {}),
      }),
    );
    const station = await launch(spec, config, this);
    this.stations.set(spec.id, station);
    return station;
  }

  /** Waits (real time) until the bridge has every station online with its compartments known. */
  async awaitStationsOnline(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const known = await this.marketplace.stations().catch(() => []);
      const ready = [...this.stations.keys()].every((id) =>
        known.some((s) => s.stationId === id && s.online && s.availability.length > 0),
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error('the stations did not come online at the bridge in time');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  actorContext(
    signal: AbortSignal,
    traffic: TrafficProfile = this.options.traffic ?? DEFAULT_TRAFFIC,
  ): ActorContext {
    // every waiting actor listens on the one signal
    setMaxListeners(0, signal);
    return {
      clock: this.clock,
      dice: this.dice,
      marketplace: this.marketplace,
      inbox: this.inbox,
      log: this.log,
      journal: this.journal,
      traffic,
      signal,
      station: (id) => this.station(id),
    };
  }

  async stop(): Promise<void> {
    for (const s of this.stations.values()) await s.stop().catch(() => undefined);
    await this.bridge.stop();
    await this.inbox.close();
  }
}
